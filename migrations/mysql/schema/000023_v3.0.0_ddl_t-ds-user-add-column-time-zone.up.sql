-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_user`
  ADD COLUMN IF NOT EXISTS `time_zone` varchar(32) DEFAULT NULL COMMENT 'time zone'
