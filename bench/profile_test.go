package bench

import "testing"

func TestStatementClass(t *testing.T) {
	for text, want := range map[string]string{
		"SELECT id, state FROM `t_ds_process_instance` WHERE id > 5 ORDER BY id LIMIT 1000":                   "keyset SELECT",
		"UPDATE `t_ds_command` SET `command_param` = CASE WHEN `id` <= 32 THEN CASE `id` WHEN 1 THEN 'x' END": "CASE UPDATE",
		"INSERT IGNORE INTO dsmigrate_backup (run_id, table_name) SELECT 1, 't'":                              "backup INSERT",
		"INSERT INTO dsmigrate_backup_count (run_id) VALUES (1)":                                              "backup count",
		"INSERT INTO dsmigrate_written (run_id) SELECT * FROM (SELECT 1) w":                                   "written-checksum INSERT",
		"UPDATE dsmigrate_run_owner SET batches = batches + 1 WHERE run_id = 1":                               "checkpoint/fence",
		"INSERT INTO dsmigrate_checkpoint (run_id) VALUES (1)":                                                "checkpoint/fence",
		"UPDATE t_ds_process_instance SET command_param = JSON_SET(command_param, '$.a', 'b')":                "JSON_SET UPDATE",
		"INSERT INTO `t_ds_process_instance` (`command_param`) VALUES ('{}')":                                 "side effects (insert/park/retire)",
		"DELETE FROM `t_ds_command` WHERE id IN (1,2)":                                                        "side effects (insert/park/retire)",
		"COMMIT":                           "commit",
		"SELECT MAX(id) FROM t_ds_command": "other SELECT",
	} {
		if got := statementClass(text); got != want {
			t.Errorf("%.60s: %q, want %q", text, got, want)
		}
	}
}
