-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_process_instance`
  ADD COLUMN IF NOT EXISTS `state_history` text DEFAULT NULL COMMENT "other params json"
