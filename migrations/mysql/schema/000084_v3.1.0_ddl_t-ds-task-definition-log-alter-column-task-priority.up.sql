-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE t_ds_task_definition_log
  alter column task_priority set default 2
