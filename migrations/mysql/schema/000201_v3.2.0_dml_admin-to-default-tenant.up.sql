-- DolphinScheduler 3.2.0 dml step (MariaDB guards: safe to run twice).
UPDATE t_ds_user SET tenant_id = -1 WHERE user_name = 'admin' AND tenant_id = 0
