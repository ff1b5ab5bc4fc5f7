-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE t_ds_schedules
  alter column process_instance_priority set default 2
