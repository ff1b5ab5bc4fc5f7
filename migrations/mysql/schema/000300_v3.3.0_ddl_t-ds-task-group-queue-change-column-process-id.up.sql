-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_task_group_queue
  CHANGE COLUMN IF EXISTS process_id workflow_instance_id int(11)
