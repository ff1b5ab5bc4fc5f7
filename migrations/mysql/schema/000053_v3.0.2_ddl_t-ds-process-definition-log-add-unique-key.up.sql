-- DolphinScheduler 3.0.2 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_process_definition_log
  ADD UNIQUE KEY IF NOT EXISTS uniq_idx_code_version(`code`,`version`)
