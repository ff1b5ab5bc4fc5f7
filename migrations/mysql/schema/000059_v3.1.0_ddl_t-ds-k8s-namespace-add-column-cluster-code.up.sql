-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_k8s_namespace
  ADD COLUMN IF NOT EXISTS cluster_code bigint(20) NOT NULL DEFAULT '0'
