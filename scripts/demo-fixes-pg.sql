-- The manual fixes of scripts/demo-fixes.sql, for PostgreSQL (make demo-pg).
-- Each touches only the catalogue rows dsmigrate refused, by id, and only
-- while they are still as they were. Two differ from MariaDB: command 27 and
-- instance 30 carry 64 KiB params that PostgreSQL's text holds once typed
-- (MariaDB's TEXT does not), so dsmigrate converted them and they need no fix.
-- > finished instances with unusable params (24, 28, 29, 32, 33): an empty param
UPDATE t_ds_workflow_instance SET command_param = '{}'
 WHERE id IN (24, 28, 29, 32, 33) AND state IN (5, 6, 7)
   AND (command_param IS NULL OR command_param NOT LIKE '%"commandType"%');
-- > instance 37 with no state: FAILURE
UPDATE t_ds_workflow_instance SET state = 6, end_time = COALESCE(end_time, NOW()) WHERE id = 37 AND state IS NULL;
-- > command 20: its start node list rewritten as valid JSON
UPDATE t_ds_command SET command_param = '{"StartNodeList":"20001"}' WHERE id = 20 AND command_param NOT LIKE '%"commandType"%';
-- > commands 21, 22 and error commands 112, 113, 116: params that are no JSON object become {}
UPDATE t_ds_command SET command_param = '{}' WHERE id IN (21, 22) AND command_param NOT LIKE '{%';
UPDATE t_ds_error_command SET command_param = '{}' WHERE id IN (112, 113, 116) AND command_param NOT LIKE '%"commandType"%';
-- > command 29: the unregistered commandType removed
UPDATE t_ds_command SET command_param = (command_param::jsonb - 'commandType')::text
 WHERE id = 29 AND command_param::jsonb ->> 'commandType' = 'RECOVER_TOLERANCE_FAULT_PROCESS';
-- > failover commands of instances that cannot resume: deleted
DELETE FROM t_ds_command WHERE id = 24 AND command_type IN (2, 10);
DELETE FROM t_ds_error_command WHERE id = 111 AND command_type IN (2, 10);
