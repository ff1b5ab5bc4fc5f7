-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_process_instance
  CHANGE COLUMN IF EXISTS next_process_instance_id next_workflow_instance_id int(11)
