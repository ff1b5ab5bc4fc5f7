-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_workflow_definition`
  MODIFY COLUMN IF EXISTS `name` varchar(255) NULL COMMENT "workflow definition name",
  MODIFY COLUMN IF EXISTS `version` int NOT NULL DEFAULT 1 COMMENT "workflow definition version",
  MODIFY COLUMN IF EXISTS `release_state` tinyint NULL COMMENT "workflow definition release state：0:offline,1:online",
  MODIFY COLUMN IF EXISTS `user_id` int NULL COMMENT "workflow definition creator id",
  RENAME INDEX IF EXISTS `process_unique` TO `workflow_unique`
