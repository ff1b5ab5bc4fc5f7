-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_alert_plugin_instance`
  MODIFY COLUMN IF EXISTS `instance_name` varchar(255) DEFAULT NULL COMMENT 'alert instance name'
