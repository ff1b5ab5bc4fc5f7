-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_error_command
  CHANGE COLUMN IF EXISTS process_instance_id workflow_instance_id int(11)
