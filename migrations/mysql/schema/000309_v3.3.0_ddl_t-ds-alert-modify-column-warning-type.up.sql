-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_alert`
  MODIFY COLUMN IF EXISTS `warning_type` tinyint NULL DEFAULT 2 COMMENT "1 workflow is successfully, 2 workflow/task is failed",
  MODIFY COLUMN IF EXISTS `workflow_definition_code` bigint NULL COMMENT "workflow_definition_code",
  MODIFY COLUMN IF EXISTS `workflow_instance_id` int NULL COMMENT "workflow_instance_id"
