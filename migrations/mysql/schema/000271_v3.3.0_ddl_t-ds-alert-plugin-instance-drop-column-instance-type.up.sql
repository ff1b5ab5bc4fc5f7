-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_alert_plugin_instance`
  DROP COLUMN IF EXISTS `instance_type`
