-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_queue
  ADD UNIQUE KEY IF NOT EXISTS unique_queue_name(queue_name)
