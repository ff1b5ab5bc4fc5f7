-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_udfs
  ADD UNIQUE KEY IF NOT EXISTS unique_func_name(func_name)
