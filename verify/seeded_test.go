package verify

import (
	"reflect"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// TestSeededDefects: the upgraded catalogue, minus the rows that stay
// unreplayable (testdata/clean-catalogue.sql), has no finding at all; one
// defect per rule (testdata/seeded-defects.sql) gives exactly one finding
// per rule, on exactly the seeded rows. verify writes nothing meanwhile.
func TestSeededDefects(t *testing.T) {
	db, _ := upgradedCatalogue(t)
	applySQL(t, db, "clean-catalogue.sql")
	before := dbtest.Checksums(t, db)
	rep, all := verifyAll(t, db, Options{PageSize: 7})
	if len(all) != 0 || !rep.Replayable {
		logFindings(t, all)
		t.Fatalf("clean catalogue: %d findings, replayable %v; want none", len(all), rep.Replayable)
	}
	if got := dbtest.Checksums(t, db); !reflect.DeepEqual(got, before) {
		t.Errorf("verify changed tables: %v → %v", before, got)
	}

	applySQL(t, db, "seeded-defects.sql")
	rep, all = verifyAll(t, db, Options{PageSize: 7})
	want := []string{
		"V01 error instance:1",
		"V02 error instance:36",
		"V03 error instance:8",
		"V04 error command:13",
		"V05 error command:900",
		"V06 error instance:4",
		"V07 error instance:31",
		"V08 error task_instance:1",
		"V09 error error_command:901",
	}
	if got := keys(all, ""); !reflect.DeepEqual(got, want) {
		logFindings(t, all)
		t.Errorf("seeded defects\n got %v\nwant %v", got, want)
	}
	if rep.Replayable || rep.Errors() != 9 {
		t.Errorf("replayable %v with %d errors, want false with 9", rep.Replayable, rep.Errors())
	}
	for _, s := range rep.Rules {
		if s.Errors != 1 || len(s.FirstIDs) != 1 {
			t.Errorf("%s: %d errors, first ids %v; want exactly one", s.Rule, s.Errors, s.FirstIDs)
		}
	}
}

// TestDuplicateTaskNames: two valid task instances named alike under a
// running instance (failover's Collectors.toMap would throw) — the older one
// is reported; under a succeeded instance it is a warning.
func TestDuplicateTaskNames(t *testing.T) {
	db, _ := upgradedCatalogue(t)
	applySQL(t, db, "clean-catalogue.sql")
	// Task 6 (load, RUNNING) of running instance 4; task 2 (load) of succeeded instance 1.
	db.Exec(t, `INSERT INTO t_ds_task_instance (id, name, task_type, task_code, task_definition_version, workflow_instance_id, state, flag, submit_time, host, task_params, worker_group, executor_id, task_instance_priority, max_retry_times, test_flag)
 SELECT 950, name, task_type, task_code, task_definition_version, workflow_instance_id, 7, 1, submit_time, host, task_params, worker_group, executor_id, task_instance_priority, max_retry_times, test_flag FROM t_ds_task_instance WHERE id = 6`)
	db.Exec(t, `INSERT INTO t_ds_task_instance (id, name, task_type, task_code, task_definition_version, workflow_instance_id, state, flag, submit_time, host, task_params, worker_group, executor_id, task_instance_priority, max_retry_times, test_flag)
 SELECT 951, name, task_type, task_code, task_definition_version, workflow_instance_id, 7, 1, submit_time, host, task_params, worker_group, executor_id, task_instance_priority, max_retry_times, test_flag FROM t_ds_task_instance WHERE id = 2`)
	rep, all := verifyAll(t, db, Options{})
	want := []string{"V08 error task_instance:6", "V08 warning task_instance:2"}
	if got := keys(all, ""); !reflect.DeepEqual(got, want) {
		logFindings(t, all)
		t.Errorf("duplicates\n got %v\nwant %v", got, want)
	}
	if rep.Replayable {
		t.Error("replayable with a duplicate under a running instance")
	}
}
