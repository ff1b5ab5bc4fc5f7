-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_process_task_relation
  CHANGE COLUMN IF EXISTS process_definition_code workflow_definition_code bigint(20)
