-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
RENAME TABLE IF EXISTS t_ds_relation_process_instance TO t_ds_relation_workflow_instance
