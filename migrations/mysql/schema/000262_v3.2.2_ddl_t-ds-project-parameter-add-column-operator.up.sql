-- DolphinScheduler 3.2.2 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE t_ds_project_parameter
  ADD COLUMN IF NOT EXISTS `operator` int(11) DEFAULT NULL COMMENT 'operator user id'
