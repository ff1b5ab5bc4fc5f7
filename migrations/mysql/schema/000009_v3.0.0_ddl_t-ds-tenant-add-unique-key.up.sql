-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_tenant
  ADD UNIQUE KEY IF NOT EXISTS unique_tenant_code(tenant_code)
