-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_relation_workflow_instance`
  MODIFY COLUMN IF EXISTS `parent_task_instance_id` int NULL COMMENT "parent workflow instance id",
  MODIFY COLUMN IF EXISTS `parent_workflow_instance_id` int NULL COMMENT "parent workflow instance id",
  MODIFY COLUMN IF EXISTS `workflow_instance_id` int NULL COMMENT "child workflow instance id",
  DROP INDEX IF EXISTS `idx_parent_process_task`,
  ADD INDEX IF NOT EXISTS `idx_parent_workflow_task` (`parent_workflow_instance_id`, `parent_task_instance_id`),
  ADD INDEX IF NOT EXISTS `idx_workflow_instance_id` (`workflow_instance_id`)
