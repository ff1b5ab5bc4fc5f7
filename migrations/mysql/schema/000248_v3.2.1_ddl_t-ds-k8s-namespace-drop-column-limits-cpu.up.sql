-- DolphinScheduler 3.2.1 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_k8s_namespace
  DROP COLUMN IF EXISTS limits_cpu
