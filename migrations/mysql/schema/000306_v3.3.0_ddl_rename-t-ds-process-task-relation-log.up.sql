-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
RENAME TABLE IF EXISTS t_ds_process_task_relation_log TO t_ds_workflow_task_relation_log
