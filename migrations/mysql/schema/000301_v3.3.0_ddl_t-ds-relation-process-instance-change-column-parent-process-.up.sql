-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_relation_process_instance
  CHANGE COLUMN IF EXISTS parent_process_instance_id parent_workflow_instance_id int(11)
