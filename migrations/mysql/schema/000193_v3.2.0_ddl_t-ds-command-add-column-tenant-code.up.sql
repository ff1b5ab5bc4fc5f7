-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_command
  ADD COLUMN IF NOT EXISTS `tenant_code` varchar(64) DEFAULT 'default' COMMENT 'tenant code'
