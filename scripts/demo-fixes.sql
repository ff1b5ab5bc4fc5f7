-- make demo: the manual fixes an operator makes for the catalogue's deliberately bad rows, after
-- `dsmigrate upgrade --to 3.3.0` refused them and `dsmigrate verify` named them (3.3 table names).
-- Each statement touches only rows that are still bad, so running it twice changes nothing.
-- On a real database, decide row by row and keep a copy of what you change or delete:
-- dsmigrate's backup covers only what dsmigrate itself writes.

-- > instances 24 28 29 30 32 33 (finished; param not typeable): command_param = '{}'
-- Finished instances whose command_param is not a JSON object dsmigrate can type (invalid JSON, an
-- array, null, blank, a 1.x StartNodeNameList, a value too big for the column). A finished instance's
-- param is read only when someone re-runs it: start it with no start nodes and no parameters.
UPDATE t_ds_workflow_instance SET command_param = '{}'
 WHERE id IN (24, 28, 29, 30, 32, 33) AND state IN (5, 6, 7)
   AND (command_param IS NULL OR JSON_VALID(command_param) = 0 OR JSON_TYPE(command_param) <> 'OBJECT'
        OR JSON_EXISTS(command_param, '$.commandType') = 0);

-- > instance 37 (no state, never started): state = 6 FAILURE
-- Instance 37 has no state at all (a damaged row) and never started: mark it failed.
UPDATE t_ds_workflow_instance SET state = 6, end_time = COALESCE(end_time, NOW()) WHERE id = 37 AND state IS NULL;

-- > command 20 (broken JSON): the JSON that was meant
-- Command 20: the param is almost JSON ({StartNodeList:20001}); write what was meant.
UPDATE t_ds_command SET command_param = '{"StartNodeList":"20001"}' WHERE id = 20 AND JSON_VALID(command_param) = 0;

-- > commands 21 22, error commands 112 113 116 (param not a JSON object): '{}'
-- Commands 21 (type 7) and 22 (type 4) and error commands 112, 113, 116: params that are not JSON
-- objects. 3.3 ignores the param of types 3/4/7 and new-run types start from the definition: '{}'.
UPDATE t_ds_command SET command_param = '{}'
 WHERE id IN (21, 22) AND (JSON_VALID(command_param) = 0 OR JSON_TYPE(command_param) <> 'OBJECT');
UPDATE t_ds_error_command SET command_param = '{}'
 WHERE id IN (112, 113, 116) AND (JSON_VALID(command_param) = 0 OR JSON_TYPE(command_param) <> 'OBJECT');

-- > command 27 (param too big once typed): start parameters dropped
-- Command 27: its start parameters (a 64 KiB blob) no longer fit once typed; the operator drops them.
UPDATE t_ds_command SET command_param = '{}' WHERE id = 27 AND LENGTH(command_param) > 60000;

-- > command 29 (unknown commandType name): key removed, converted as a legacy failover
-- Command 29: a legacy failover whose commandType is a 2.x enum name 3.3 does not know; drop the key
-- and dsmigrate converts it like every other legacy failover command.
UPDATE t_ds_command SET command_param = JSON_REMOVE(command_param, '$.commandType')
 WHERE id = 29 AND JSON_VALUE(command_param, '$.commandType') = 'RECOVER_TOLERANCE_FAULT_PROCESS';

-- > command 24, error command 111 (failover of a FAILED instance): deleted
-- Command 24 and error command 111 would resume instance 25, which ended in FAILURE: nothing to
-- resume. Delete them (re-run the workflow from the UI if it is still wanted).
DELETE FROM t_ds_command WHERE id = 24 AND command_type IN (2, 10);
DELETE FROM t_ds_error_command WHERE id = 111 AND command_type IN (2, 10);

-- > commands 18 19, instance 26 (definition version missing): dsmigrate upgrade --orphans=finalize
-- Commands 18, 19 and instance 26 point at a workflow definition version that does not exist:
-- not SQL but `dsmigrate upgrade --orphans=finalize` (instance → FAILURE, commands retired).
