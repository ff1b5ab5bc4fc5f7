-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_process_definition
  ADD COLUMN IF NOT EXISTS `execution_type` tinyint(4) DEFAULT '0' COMMENT 'execution_type 0:parallel,1:serial wait,2:serial discard,3:serial priority'
