-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_command`
  MODIFY COLUMN IF EXISTS `command_type` tinyint NULL COMMENT "Command type: 0 start workflow, 1 start execution from current node, 2 resume fault-tolerant workflow, 3 resume pause workflow, 4 start execution from failed node, 5 complement, 6 schedule, 7 rerun, 8 pause, 9 stop, 10 resume waiting thread",
  MODIFY COLUMN IF EXISTS `workflow_definition_code` bigint NOT NULL COMMENT "workflow definition code",
  MODIFY COLUMN IF EXISTS `workflow_definition_version` int NULL DEFAULT 0 COMMENT "workflow definition version",
  MODIFY COLUMN IF EXISTS `workflow_instance_id` int NULL DEFAULT 0 COMMENT "workflow instance id",
  MODIFY COLUMN IF EXISTS `warning_type` tinyint NULL DEFAULT 0 COMMENT "Alarm type: 0 is not sent, 1 workflow is sent successfully, 2 workflow is sent failed, 3 workflow is sent successfully and all failures are sent",
  MODIFY COLUMN IF EXISTS `workflow_instance_priority` int NULL DEFAULT 2 COMMENT "workflow instance priority: 0 Highest,1 High,2 Medium,3 Low,4 Lowest"
