-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_alert`
  ADD COLUMN IF NOT EXISTS `sign` char(40) NOT NULL DEFAULT '' COMMENT 'sign=sha1(content)' after `id`
