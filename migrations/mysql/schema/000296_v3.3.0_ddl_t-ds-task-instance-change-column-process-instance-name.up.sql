-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_task_instance
  CHANGE COLUMN IF EXISTS process_instance_name workflow_instance_name varchar(255)
