-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
RENAME TABLE IF EXISTS t_ds_fav TO t_ds_fav_task
