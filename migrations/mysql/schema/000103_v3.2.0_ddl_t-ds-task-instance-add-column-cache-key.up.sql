-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_task_instance
  ADD COLUMN IF NOT EXISTS `cache_key` varchar(200) DEFAULT null COMMENT 'cache key'
