-- DolphinScheduler 3.3.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_process_instance
  CHANGE COLUMN IF EXISTS is_sub_process is_sub_workflow int(11)
