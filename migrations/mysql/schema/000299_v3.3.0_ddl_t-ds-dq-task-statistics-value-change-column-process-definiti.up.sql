-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_dq_task_statistics_value
  CHANGE COLUMN IF EXISTS process_definition_id workflow_definition_id int(11)
