-- DolphinScheduler 3.3.0 dml step (MariaDB guards: safe to run twice).
UPDATE t_ds_task_definition_log SET task_type = 'SUB_WORKFLOW' WHERE task_type = 'SUB_PROCESS'
