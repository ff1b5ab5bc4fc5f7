-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_project`
  MODIFY COLUMN IF EXISTS `description` varchar(255)
