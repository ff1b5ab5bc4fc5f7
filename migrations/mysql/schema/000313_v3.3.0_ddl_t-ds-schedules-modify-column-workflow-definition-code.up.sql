-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_schedules`
  MODIFY COLUMN IF EXISTS `workflow_definition_code` bigint NOT NULL COMMENT "workflow definition code",
  MODIFY COLUMN IF EXISTS `warning_type` tinyint NOT NULL COMMENT "Alarm type: 0 is not sent, 1 workflow is sent successfully, 2 workflow is sent failed, 3 workflow is sent successfully and all failures are sent",
  MODIFY COLUMN IF EXISTS `workflow_instance_priority` int NULL DEFAULT 2 COMMENT "workflow instance priority：0 Highest,1 High,2 Medium,3 Low,4 Lowest"
