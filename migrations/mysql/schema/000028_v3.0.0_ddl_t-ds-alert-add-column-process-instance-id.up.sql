-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_alert`
  ADD COLUMN IF NOT EXISTS `process_instance_id` int DEFAULT NULL COMMENT 'process_instance_id'
