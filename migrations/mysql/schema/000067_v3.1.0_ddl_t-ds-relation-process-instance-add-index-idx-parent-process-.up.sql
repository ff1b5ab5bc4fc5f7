-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_relation_process_instance`
  ADD INDEX IF NOT EXISTS `idx_parent_process_task`( `parent_process_instance_id`, `parent_task_instance_id` )
