-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_relation_project_user
  ADD UNIQUE KEY IF NOT EXISTS uniq_uid_pid(user_id, project_id)
