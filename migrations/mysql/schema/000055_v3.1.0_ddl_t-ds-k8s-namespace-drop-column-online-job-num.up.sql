-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_k8s_namespace
  DROP COLUMN IF EXISTS online_job_num
