-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_workflow_instance`
  MODIFY COLUMN IF EXISTS `name` varchar(255) NULL COMMENT "workflow instance name",
  MODIFY COLUMN IF EXISTS `workflow_definition_code` bigint NOT NULL COMMENT "workflow definition code",
  MODIFY COLUMN IF EXISTS `workflow_definition_version` int NOT NULL DEFAULT 1 COMMENT "workflow definition version",
  MODIFY COLUMN IF EXISTS `state` tinyint NULL COMMENT "workflow instance Status: 0 commit succeeded, 1 running, 2 prepare to pause, 3 pause, 4 prepare to stop, 5 stop, 6 fail, 7 succeed, 8 need fault tolerance, 9 kill, 10 wait for thread, 11 wait for dependency to complete",
  MODIFY COLUMN IF EXISTS `recovery` tinyint NULL COMMENT "workflow instance failover flag：0:normal,1:failover instance",
  MODIFY COLUMN IF EXISTS `start_time` datetime NULL COMMENT "workflow instance start time",
  MODIFY COLUMN IF EXISTS `end_time` datetime NULL COMMENT "workflow instance end time",
  MODIFY COLUMN IF EXISTS `run_times` int NULL COMMENT "workflow instance run times",
  MODIFY COLUMN IF EXISTS `host` varchar(135) NULL COMMENT "workflow instance host",
  MODIFY COLUMN IF EXISTS `failure_strategy` tinyint NULL DEFAULT 0 COMMENT "failure strategy. 0:end the workflow when node failed,1:continue running the other nodes when node failed",
  MODIFY COLUMN IF EXISTS `warning_type` tinyint NULL DEFAULT 0 COMMENT "warning type. 0:no warning,1:warning if workflow success,2:warning if workflow failed,3:warning if success",
  MODIFY COLUMN IF EXISTS `is_sub_workflow` int NULL DEFAULT 0 COMMENT "flag, whether the workflow is sub workflow",
  MODIFY COLUMN IF EXISTS `history_cmd` text NULL COMMENT "history commands of workflow instance operation",
  MODIFY COLUMN IF EXISTS `workflow_instance_priority` int NULL DEFAULT 2 COMMENT "workflow instance priority. 0 Highest,1 High,2 Medium,3 Low,4 Lowest",
  MODIFY COLUMN IF EXISTS `next_workflow_instance_id` int NULL DEFAULT 0 COMMENT "serial queue next workflowInstanceId",
  MODIFY COLUMN IF EXISTS `restart_time` datetime NULL COMMENT "workflow instance restart time",
  RENAME INDEX IF EXISTS `process_instance_index` TO `workflow_instance_index`
