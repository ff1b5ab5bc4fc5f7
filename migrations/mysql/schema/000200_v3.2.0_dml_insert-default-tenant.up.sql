-- DolphinScheduler 3.2.0 dml step (MariaDB guards: safe to run twice).
INSERT INTO t_ds_tenant (id, tenant_code, description, queue_id, create_time, update_time)
SELECT -1, 'default', 'default tenant', 1, current_timestamp, current_timestamp FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM t_ds_tenant WHERE id = -1)
