-- DolphinScheduler 3.2.1 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_task_definition`
  MODIFY COLUMN IF EXISTS `version` int NOT NULL DEFAULT 1 COMMENT "task definition version"
