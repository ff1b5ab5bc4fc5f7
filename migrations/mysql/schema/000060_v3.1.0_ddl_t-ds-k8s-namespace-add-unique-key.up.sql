-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_k8s_namespace
  ADD UNIQUE KEY IF NOT EXISTS k8s_namespace_unique(namespace, cluster_code)
