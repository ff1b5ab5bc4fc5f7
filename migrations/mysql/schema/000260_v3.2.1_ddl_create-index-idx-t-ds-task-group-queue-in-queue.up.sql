-- DolphinScheduler 3.2.1 ddl step (MariaDB guards: safe to run twice).
CREATE INDEX IF NOT EXISTS idx_t_ds_task_group_queue_in_queue ON t_ds_task_group_queue(in_queue)
