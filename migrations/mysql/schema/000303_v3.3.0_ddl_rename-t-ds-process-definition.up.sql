-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
RENAME TABLE IF EXISTS t_ds_process_definition TO t_ds_workflow_definition
