-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_error_command`
  MODIFY COLUMN IF EXISTS `workflow_definition_code` bigint NOT NULL COMMENT "workflow definition code",
  MODIFY COLUMN IF EXISTS `workflow_definition_version` int NULL DEFAULT 0 COMMENT "workflow definition version",
  MODIFY COLUMN IF EXISTS `workflow_instance_id` int NULL DEFAULT 0 COMMENT "workflow instance id: 0",
  MODIFY COLUMN IF EXISTS `workflow_instance_priority` int NULL DEFAULT 2 COMMENT "workflow instance priority, 0 Highest,1 High,2 Medium,3 Low,4 Lowest"
