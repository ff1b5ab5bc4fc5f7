-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_plugin_define`
  MODIFY COLUMN IF EXISTS `plugin_name` varchar(255) NOT NULL COMMENT 'the name of plugin eg: email'
