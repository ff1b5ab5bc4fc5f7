-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_relation_process_instance`
  ADD INDEX IF NOT EXISTS `idx_process_instance_id`(`process_instance_id`)
