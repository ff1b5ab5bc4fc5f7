-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_task_instance`
  ADD INDEX IF NOT EXISTS `idx_cache_key`( `cache_key` )
