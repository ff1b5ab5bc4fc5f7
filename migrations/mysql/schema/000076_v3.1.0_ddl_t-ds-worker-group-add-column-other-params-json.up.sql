-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_worker_group`
  ADD COLUMN IF NOT EXISTS `other_params_json` text DEFAULT NULL COMMENT "other params json"
