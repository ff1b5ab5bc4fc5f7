-- DolphinScheduler 3.3.0 dml step (MariaDB guards: safe to run twice).
UPDATE t_ds_task_definition_log SET task_params = replace(task_params, 'processDefinitionCode', 'workflowDefinitionCode') where task_type = 'DYNAMIC'
