-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_task_instance`
  MODIFY COLUMN IF EXISTS `workflow_instance_id` int NULL COMMENT "workflow instance id",
  MODIFY COLUMN IF EXISTS `workflow_instance_name` varchar(255) NULL COMMENT "workflow instance name",
  RENAME INDEX IF EXISTS `process_instance_id` TO `workflow_instance_id`
