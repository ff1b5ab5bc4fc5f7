-- DolphinScheduler 3.2.0 ddl_post step (MariaDB guards: safe to run twice).
ALTER TABLE t_ds_process_instance
  DROP COLUMN IF EXISTS tenant_id
