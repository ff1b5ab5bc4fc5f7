-- DolphinScheduler 3.2.0 dml step (MariaDB guards: safe to run twice).
UPDATE `t_ds_process_instance` SET `tenant_code` = 'default' WHERE `tenant_code` IS NULL
