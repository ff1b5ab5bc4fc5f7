-- Legacy 2.0.9 rows for the repair tests (loaded on DS's real 2.0.9 DDL, then
-- upgraded to 3.3.0 with DS's own scripts). One valid definition, hourly_ops
-- v1 (one SHELL task), and three instances written the way 2.0.9 writes them:
--   1, 2  RUNNING_EXECUTION, manual starts with a legacy map param (the
--         instances a 3.3 master fails over at its first boot);
--   3     SUCCESS, for --resubmit of a REPEAT_RUNNING error command.
-- Each test then adds what a 3.3 master leaves behind (repair_test.go, and
-- watch's tests, which use the same rows).

INSERT INTO t_ds_tenant (id, tenant_code, description, queue_id, create_time, update_time) VALUES
(1, 'etl', NULL, 1, '2024-01-01 09:00:00', '2024-01-01 09:00:00');

INSERT INTO t_ds_project (id, name, code, description, user_id, flag, create_time, update_time) VALUES
(1, 'ops', 1002, NULL, 1, 1, '2024-01-01 09:00:00', '2024-01-01 09:00:00');

INSERT INTO t_ds_process_definition (id, code, name, version, description, project_code, release_state, user_id, global_params, flag, locations, warning_group_id, timeout, tenant_id, execution_type, create_time, update_time) VALUES
(1, 10002, 'hourly_ops', 1, NULL, 1002, 1, 1, '[]', 1, '[]', NULL, 0, 1, 0, '2024-01-01 10:00:00', '2024-01-01 10:00:00');

INSERT INTO t_ds_process_definition_log (id, code, name, version, description, project_code, release_state, user_id, global_params, flag, locations, warning_group_id, timeout, tenant_id, execution_type, operator, operate_time, create_time, update_time) VALUES
(1, 10002, 'hourly_ops', 1, NULL, 1002, 1, 1, '[]', 1, '[]', NULL, 0, 1, 0, 1, '2024-01-01 10:00:00', '2024-01-01 10:00:00', '2024-01-01 10:00:00');

INSERT INTO t_ds_task_definition (id, code, name, version, description, project_code, user_id, task_type, task_params, flag, task_priority, worker_group, environment_code, fail_retry_times, fail_retry_interval, timeout_flag, timeout_notify_strategy, timeout, delay_time, resource_ids, create_time, update_time) VALUES
(1, 20011, 'ping', 1, NULL, 1002, 1, 'SHELL', '{"localParams":[],"rawScript":"ping -c1 db","resourceList":[]}', 1, 2, 'default', -1, 0, 1, 0, NULL, 0, 0, '', '2024-01-01 10:00:00', '2024-01-01 10:00:00');

INSERT INTO t_ds_task_definition_log (id, code, name, version, description, project_code, user_id, task_type, task_params, flag, task_priority, worker_group, environment_code, fail_retry_times, fail_retry_interval, timeout_flag, timeout_notify_strategy, timeout, delay_time, resource_ids, operator, operate_time, create_time, update_time) VALUES
(1, 20011, 'ping', 1, NULL, 1002, 1, 'SHELL', '{"localParams":[],"rawScript":"ping -c1 db","resourceList":[]}', 1, 2, 'default', -1, 0, 1, 0, NULL, 0, 0, '', 1, '2024-01-01 10:00:00', '2024-01-01 10:00:00', '2024-01-01 10:00:00');

INSERT INTO t_ds_process_task_relation (id, name, project_code, process_definition_code, process_definition_version, pre_task_code, pre_task_version, post_task_code, post_task_version, condition_type, condition_params, create_time, update_time) VALUES
(1, '', 1002, 10002, 1, 0, 0, 20011, 1, 0, '{}', '2024-01-01 10:00:00', '2024-01-01 10:00:00');

INSERT INTO t_ds_process_task_relation_log (id, name, project_code, process_definition_code, process_definition_version, pre_task_code, pre_task_version, post_task_code, post_task_version, condition_type, condition_params, operator, operate_time, create_time, update_time) VALUES
(1, '', 1002, 10002, 1, 0, 0, 20011, 1, 0, '{}', 1, '2024-01-01 10:00:00', '2024-01-01 10:00:00', '2024-01-01 10:00:00');

INSERT INTO t_ds_process_instance (id, name, process_definition_code, process_definition_version, state, recovery, start_time, end_time, run_times, host,
  command_type, command_param, task_depend_type, max_try_times, failure_strategy, warning_type, warning_group_id, schedule_time, command_start_time,
  global_params, flag, update_time, is_sub_process, executor_id, history_cmd, process_instance_priority, worker_group, environment_code, timeout, tenant_id, var_pool, dry_run, restart_time) VALUES
(1, 'hourly_ops-1-20240301120000000', 10002, 1, 1, 0, '2024-03-01 12:00:00', NULL, 1, '10.0.0.5:5678',
  0, '{"StartParams":"{\\"dt\\":\\"2024-03-01\\"}"}', 2, 0, 1, 0, NULL, NULL, '2024-03-01 11:59:59',
  '[]', 1, '2024-03-01 12:00:01', 0, 1, 'START_PROCESS', 2, 'default', -1, 0, 1, '[]', 0, NULL),
(2, 'hourly_ops-1-20240301130000000', 10002, 1, 1, 0, '2024-03-01 13:00:00', NULL, 1, '10.0.0.5:5678',
  0, '{}', NULL, 0, 1, 0, NULL, NULL, '2024-03-01 12:59:59',
  '[]', 1, '2024-03-01 13:00:01', 0, 1, 'START_PROCESS', 2, 'default', -1, 0, 1, '[]', 0, NULL),
(3, 'hourly_ops-1-20240301090000000', 10002, 1, 7, 0, '2024-03-01 09:00:00', '2024-03-01 09:05:00', 1, '10.0.0.5:5678',
  0, '{"StartParams":"{\\"dt\\":\\"2024-02-29\\"}"}', 2, 0, 1, 0, NULL, NULL, '2024-03-01 08:59:59',
  '[]', 1, '2024-03-01 09:05:00', 0, 1, 'START_PROCESS', 2, 'default', -1, 0, 1, '[]', 0, NULL);
