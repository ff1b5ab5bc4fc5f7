package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
)

// TestRepairCLI runs `dsmigrate repair` in-process on DS's real schema: a
// #16878 instance at 18 with its typed failover command in
// t_ds_error_command, plus 2.0.9 error rows to resubmit.
func TestRepairCLI(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "")
	base, err := os.ReadFile("../../repair/testdata/repair-legacy.sql")
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(t, string(base))
	// 2.0.9 error rows lose process_instance_id (reference §5.4): a REPEAT_RUNNING
	// of instance 3 and a STOP (no 3.3 handler).
	db.Exec(t, `INSERT INTO t_ds_error_command (id, command_type, executor_id, process_definition_code, process_definition_version, process_instance_id,
  command_param, message, update_time, task_depend_type, failure_strategy, warning_type, process_instance_priority, worker_group) VALUES
(4, 7, 1, 10002, 0, 0, '{"ProcessInstanceId":3}', 'rerun failed', '2024-03-01 10:00:00', 2, 1, 0, 2, NULL),
(5, 9, 1, 10002, 0, 0, '{"ProcessInstanceId":1}', 'stop failed', '2024-03-01 12:10:00', 2, 1, 0, 2, NULL)`)
	db.UpgradeDS(t, "3.3.0")
	db.Exec(t, `UPDATE t_ds_workflow_instance SET state = 18 WHERE id = 1;
INSERT INTO t_ds_error_command (id, command_type, executor_id, workflow_definition_code, workflow_definition_version, workflow_instance_id,
  command_param, task_depend_type, failure_strategy, warning_type, update_time, workflow_instance_priority, worker_group, tenant_code, environment_code, message, dry_run, test_flag)
VALUES (101, 2, 1, 10002, 1, 1, '{"commandType":"RECOVER_TOLERANCE_FAULT","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null,"workflowExecutionStatus":"RUNNING_EXECUTION"}',
  2, 1, 0, '2024-03-02 08:00:00', 2, 'default', 'default', -1, 'java.lang.IllegalArgumentException: Invalid command param', 0, 0)`)
	dsn := db.DSN()
	before := dbtest.DSChecksums(t, db)

	code, out, errOut := dsm(t, "repair", "--dsn", dsn)
	if code != exitOK || !strings.Contains(out, "would move error command 101 back as command 101") {
		t.Fatalf("repair (text, dry run): exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = dsm(t, "repair", "--dsn", dsn, "--output", "json")
	var dry struct {
		RunID   *int64 `json:"run_id"`
		DryRun  bool   `json:"dry_run"`
		Repairs []struct {
			Instance int64    `json:"instance"`
			State    string   `json:"state_to_restore"`
			Source   string   `json:"source"`
			Actions  []string `json:"actions"`
		} `json:"repairs"`
	}
	if err := json.Unmarshal([]byte(out), &dry); err != nil || code != exitOK {
		t.Fatalf("repair --output json: exit %d, %v\n%s\n%s", code, err, out, errOut)
	}
	if !dry.DryRun || dry.RunID != nil || len(dry.Repairs) != 1 || dry.Repairs[0].Instance != 1 ||
		dry.Repairs[0].State != "RUNNING_EXECUTION" || dry.Repairs[0].Source != "error command 101" {
		t.Errorf("dry run report: %s", out)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		t.Fatal("the dry run wrote")
	}

	lock, err := runlock.Acquire(context.Background(), db.SQL, db.Name)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut = dsm(t, "repair", "--dsn", dsn, "--apply", "--ignore-heartbeats")
	lock.Release()
	if code != exitLocked {
		t.Fatalf("repair --apply under another run's lock: exit %d, want %d (%s)", code, exitLocked, errOut)
	}

	code, out, errOut = dsm(t, "repair", "--dsn", dsn, "--apply", "--ignore-heartbeats", "--resubmit", "4,5,101,999", "-o", "json")
	if code != exitFindings {
		t.Fatalf("repair --apply --resubmit: exit %d, want %d (ids 5 and 999 refused)\n%s\n%s", code, exitFindings, out, errOut)
	}
	var applied struct {
		RunID       *int64 `json:"run_id"`
		Resubmitted []struct {
			ErrorCommand int64  `json:"error_command"`
			Command      int64  `json:"command"`
			Refused      string `json:"refused"`
		} `json:"resubmitted"`
		Refused []struct {
			Table string `json:"table"`
			ID    int64  `json:"id"`
		} `json:"refused"`
	}
	if err := json.Unmarshal([]byte(out), &applied); err != nil || applied.RunID == nil {
		t.Fatalf("apply JSON: %v\n%s", err, out)
	}
	got := map[int64]string{}
	for _, r := range applied.Resubmitted {
		got[r.ErrorCommand] = fmt.Sprintf("%d %t", r.Command, r.Refused != "")
	}
	if want := map[int64]string{4: "4 false", 5: "0 true", 101: "101 false", 999: "0 true"}; !reflect.DeepEqual(got, want) {
		t.Errorf("resubmitted %v, want %v\n%s", got, want, out)
	}
	var typ, inst, version int
	var param *string
	if err := db.SQL.QueryRow("SELECT command_type, workflow_instance_id, workflow_definition_version, command_param FROM t_ds_command WHERE id = 4").
		Scan(&typ, &inst, &version, &param); err != nil {
		t.Fatalf("resubmitted command 4: %v", err)
	}
	if typ != 7 || inst != 3 || version != 1 || param != nil {
		t.Errorf("command 4: type %d instance %d version %d param %v; want 7, 3, 1, NULL", typ, inst, version, param)
	}
	var instParam string
	db.SQL.QueryRow("SELECT command_param FROM t_ds_workflow_instance WHERE id = 3").Scan(&instParam)
	if !strings.HasPrefix(instParam, `{"commandType":"START_PROCESS"`) {
		t.Errorf("instance 3 param not typed: %s", instParam)
	}
	var left int
	db.SQL.QueryRow("SELECT COUNT(*) FROM t_ds_error_command WHERE id IN (4, 101)").Scan(&left)
	if left != 0 {
		t.Errorf("%d moved rows still in t_ds_error_command", left)
	}
	after := dbtest.DSChecksums(t, db)

	code, out, errOut = dsm(t, "repair", "--dsn", dsn, "--apply", "--ignore-heartbeats", "--resubmit", "4,101")
	if code != exitOK || strings.Count(out, "already moved back by repair run") != 2 || !strings.Contains(out, "nothing to do") {
		t.Fatalf("second repair --apply --resubmit 4,101: exit %d\n%s\n%s", code, out, errOut)
	}
	if !reflect.DeepEqual(dbtest.DSChecksums(t, db), after) {
		t.Error("a second repair --apply changed DS tables")
	}
	if code, out, errOut = dsm(t, "rollback", "--dsn", dsn, "--run", fmt.Sprint(*applied.RunID)); code != exitOK {
		t.Fatalf("rollback --run %d: exit %d\n%s\n%s", *applied.RunID, code, out, errOut)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		for table, sum := range before {
			if got[table] != sum {
				t.Errorf("after rollback %s checksum %d, before repair %d", table, got[table], sum)
			}
		}
	}
}
