-- Exactly one defect per verify rule, applied on top of clean-catalogue.sql
-- (3.3 shape). seeded_test.go expects exactly these findings and no others.

-- V01 instance 1 (SUCCESS): startNodes as a CSV string (MismatchedInputException).
UPDATE t_ds_workflow_instance SET command_param = '{"commandType":"SCHEDULER","startNodes":"20001,20002"}' WHERE id = 1;
-- V02 instance 36: FAILOVER (18) without a pending failover command (#16878).
UPDATE t_ds_workflow_instance SET state = 18 WHERE id = 36;
-- V03 instance 8 (PAUSE): task_depend_type NULL.
UPDATE t_ds_workflow_instance SET task_depend_type = NULL WHERE id = 8;
-- V04 command 13 (REPEAT_RUNNING of instance 11): a definition version whose
-- only task is missing from the task definition log.
INSERT INTO t_ds_workflow_definition_log (id, code, name, version, description, project_code, release_state, user_id, global_params, flag, locations, warning_group_id, timeout, execution_type, operator, operate_time, create_time, update_time)
 VALUES (90, 10002, 'hourly_ops', 3, NULL, 1002, 1, 2, '[]', 1, '[]', NULL, 0, 0, 2, '2024-03-01 10:00:00', '2023-06-02 10:00:00', '2024-03-01 10:00:00');
INSERT INTO t_ds_workflow_task_relation_log (id, name, project_code, workflow_definition_code, workflow_definition_version, pre_task_code, pre_task_version, post_task_code, post_task_version, condition_type, condition_params, operator, operate_time, create_time, update_time)
 VALUES (90, '', 1002, 10002, 3, 0, 0, 20011, 9, 0, '{}', 2, '2024-03-01 10:00:00', '2024-03-01 10:00:00', '2024-03-01 10:00:00');
UPDATE t_ds_command SET workflow_definition_version = 3 WHERE id = 13;
-- V05 command 900: a PAUSE (8) command, which has no 3.3 handler.
INSERT INTO t_ds_command (id, command_type, workflow_definition_code, workflow_definition_version, workflow_instance_id, command_param, task_depend_type, failure_strategy, warning_type, workflow_instance_priority, worker_group, test_flag)
 VALUES (900, 8, 10001, 3, 4, NULL, 2, 1, 0, 2, 'default', 0);
-- V06 instance 4 (RUNNING): a start node that is not a task of daily_sales v3.
UPDATE t_ds_workflow_instance SET command_param = '{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":[20001,99999],"commandParams":null,"timeZone":null}' WHERE id = 4;
-- V07 instance 31 (RUNNING): a time zone Java's ZoneId.of rejects.
UPDATE t_ds_workflow_instance SET command_param = '{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":"Mars/Olympus_Mons"}' WHERE id = 31;
-- V08 task instance 1: test_flag NULL (invisible to failover and recovery).
UPDATE t_ds_task_instance SET test_flag = NULL WHERE id = 1;
-- V09 error command 901: a START_PROCESS error command whose param is a legacy map.
INSERT INTO t_ds_error_command (id, command_type, workflow_definition_code, workflow_definition_version, workflow_instance_id, command_param, message, task_depend_type, failure_strategy, warning_type, workflow_instance_priority, worker_group, test_flag)
 VALUES (901, 0, 10001, 3, 0, '{"StartNodeList":"20001"}', 'java.lang.IllegalArgumentException', 2, 1, 0, 2, 'default', 0);
