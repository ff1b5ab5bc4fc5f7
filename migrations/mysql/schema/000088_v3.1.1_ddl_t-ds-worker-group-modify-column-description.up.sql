-- DolphinScheduler 3.1.1 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_worker_group`
  MODIFY COLUMN IF EXISTS `description` varchar(255) DEFAULT NULL COMMENT "ds worker group description"
