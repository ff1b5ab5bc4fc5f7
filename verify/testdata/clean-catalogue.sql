-- Applied to the catalogue fixture after DS's scripts to 3.3.0 and
-- `dsmigrate upgrade --orphans=finalize` (3.3 shape): removes or repairs by
-- hand exactly the rows that stay unreplayable (see catalogue_test.go), so
-- that verify finds nothing and seeded-defects.sql can add one defect per rule.

-- Refused by upgrade: params that are not JSON objects dsmigrate can type.
UPDATE t_ds_workflow_instance SET command_param = '{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null}', test_flag = 0
 WHERE id IN (24, 28, 29, 30, 32, 33);
DELETE FROM t_ds_command WHERE id IN (20, 24, 27, 29);
DELETE FROM t_ds_error_command WHERE id IN (111, 112, 113);
-- Not refused, still unreplayable: a NULL instance state; the legacy
-- "next serial complement date" command of running instance 5, whose own
-- typed param already lists the remaining dates.
UPDATE t_ds_workflow_instance SET state = 7 WHERE id = 37;
DELETE FROM t_ds_command WHERE id = 10;
