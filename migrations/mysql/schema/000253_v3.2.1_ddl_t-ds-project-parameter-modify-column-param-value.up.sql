-- DolphinScheduler 3.2.1 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_project_parameter`
  MODIFY COLUMN IF EXISTS `param_value` text NOT NULL COMMENT 'project parameter value'
