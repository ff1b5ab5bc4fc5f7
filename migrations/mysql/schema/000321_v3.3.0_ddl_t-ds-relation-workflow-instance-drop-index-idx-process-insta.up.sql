-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_relation_workflow_instance`
  DROP INDEX IF EXISTS `idx_process_instance_id`
