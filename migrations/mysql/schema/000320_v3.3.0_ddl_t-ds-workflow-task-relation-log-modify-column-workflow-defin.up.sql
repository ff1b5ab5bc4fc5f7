-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_workflow_task_relation_log`
  MODIFY COLUMN IF EXISTS `workflow_definition_code` bigint NOT NULL COMMENT "workflow code",
  MODIFY COLUMN IF EXISTS `workflow_definition_version` int NOT NULL COMMENT "workflow version",
  RENAME INDEX IF EXISTS `idx_process_code_version` TO `idx_workflow_code_version`
