-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_process_instance
  ADD COLUMN IF NOT EXISTS `next_process_instance_id` int(11) DEFAULT '0' COMMENT 'serial queue next processInstanceId'
