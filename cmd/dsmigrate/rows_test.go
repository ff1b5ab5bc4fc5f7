package main

import (
	"context"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

func TestBatchSizeBelowOneExits2(t *testing.T) {
	for _, args := range [][]string{
		{"upgrade", "--batch-size", "0"}, {"plan", "--batch-size", "-1"},
		{"repair", "--batch-size", "0"}, {"rollback", "--batch-size", "-5"},
	} {
		code, _, errOut := dsm(t, append(args, "--dsn", "u:p@tcp(127.0.0.1:1)/db")...)
		if code != exitUsage || !strings.Contains(errOut, "--batch-size must be at least 1") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message naming --batch-size", args, code, errOut)
		}
	}
}

// A batch statement larger than max_allowed_packet (here 1 MiB, given as the
// client's limit: a server's own limit is read the same way since the DSN
// asks the server) goes through as a prepared statement with long data
// instead of the server resetting the connection.
func TestBatchLargerThanMaxAllowedPacketGoesThrough(t *testing.T) {
	db := dbtest.New(t)
	if err := fixtures.LoadLegacy(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 40_000)
	for i := 0; i < 40; i++ {
		db.Exec(t, `INSERT INTO t_ds_process_instance (id, name, process_definition_code, process_definition_version, state, command_type, command_param, start_time, executor_id, is_sub_process, task_depend_type, failure_strategy, warning_type, process_instance_priority, worker_group)
SELECT ?, name, process_definition_code, process_definition_version, state, command_type, ?, start_time, executor_id, is_sub_process, task_depend_type, failure_strategy, warning_type, process_instance_priority, worker_group FROM t_ds_process_instance WHERE id = 3`,
			1000+i, `{"StartParams":"{\"big\":\"`+big+`\"}"}`)
	}
	sep := "?"
	if strings.Contains(db.DSN(), "?") {
		sep = "&"
	}
	code, _, errOut := dsm(t, "upgrade", "--dsn", db.DSN()+sep+"maxAllowedPacket=1048576", "--batch-size", "1000", "--progress=false", "--no-verify", "-o", "json")
	if code != exitFindings { // the catalogue's bad rows are refused
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var changed int
	if err := db.SQL.QueryRow("SELECT COUNT(*) FROM t_ds_process_instance WHERE id BETWEEN 1000 AND 1039 AND command_param LIKE '{\"commandType\"%'").Scan(&changed); err != nil {
		t.Fatal(err)
	}
	if changed != 40 {
		t.Errorf("%d of the 40 large instances converted", changed)
	}
}
