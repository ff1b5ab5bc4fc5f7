-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_task_group_queue`
  MODIFY COLUMN IF EXISTS `workflow_instance_id` int NULL COMMENT "workflow instance id"
