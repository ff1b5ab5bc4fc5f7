-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_command
  CHANGE COLUMN IF EXISTS process_instance_priority workflow_instance_priority int(11)
