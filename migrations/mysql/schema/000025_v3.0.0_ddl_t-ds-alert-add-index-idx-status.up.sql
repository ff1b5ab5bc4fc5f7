-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_alert`
  ADD INDEX IF NOT EXISTS `idx_status` (`alert_status`) USING BTREE
