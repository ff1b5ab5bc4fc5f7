-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_task_instance`
  DROP FOREIGN KEY IF EXISTS foreign_key_instance_id
