-- DolphinScheduler 3.3.0 stamp step (MariaDB guards: safe to run twice).
UPDATE t_ds_version SET version = '3.3.0'
