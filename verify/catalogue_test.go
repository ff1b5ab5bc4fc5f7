package verify

import (
	"reflect"
	"sort"
	"strconv"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// TestUpgradedCatalogue: after DS's scripts and `dsmigrate upgrade
// --orphans=finalize`, the only rows verify still finds unreplayable are
// these, each on purpose in the catalogue (fixtures/mysql/catalogue.sql):
//
//   - rows upgrade refuses and leaves untouched, which 3.3 cannot read:
//     instances 28 (invalid JSON), 29 (a JSON
//     array), 30 (64 KiB param that no longer fits once typed), 32 (blank),
//     33 (JSON null) — V01, and V03 because their test_flag stays NULL;
//     commands 20 (invalid JSON), 27 (64 KiB), 29 (RECOVER_TOLERANCE_FAULT_PROCESS
//     id), 24 (legacy RECOVER_WAITING_THREAD of a FAILURE instance) — V05;
//     error commands 111 (legacy type 10), 112, 113 (not JSON objects) — V09;
//   - refused rows 3.3 can nevertheless replay, so no finding: commands 21
//     (type 7) and 22 (type 4) and error command 116 (type 4) ignore their param;
//   - rows upgrade does not refuse but cannot fix: instance 37 (NULL state,
//     V02). (Command 10, the 2.0 "next serial complement date" of running
//     instance 5, is retired by upgrade as superseded by the instance's own
//     backfillTimeList, so it no longer shows up as V07.)
//
// No warnings. verify writes nothing.
func TestUpgradedCatalogue(t *testing.T) {
	db, sum := upgradedCatalogue(t)
	before := dbtest.Checksums(t, db)
	rep, all := verifyAll(t, db, Options{PageSize: 5})
	if got := dbtest.Checksums(t, db); !reflect.DeepEqual(got, before) {
		t.Errorf("verify changed tables")
	}
	want := []string{
		"V01 error instance:28", "V01 error instance:29", "V01 error instance:30",
		"V01 error instance:32", "V01 error instance:33",
		"V02 error instance:37",
		"V03 error instance:28", "V03 error instance:29", "V03 error instance:30",
		"V03 error instance:32", "V03 error instance:33",
		"V05 error command:20", "V05 error command:24", "V05 error command:27", "V05 error command:29",
		"V09 error error_command:111", "V09 error error_command:112", "V09 error error_command:113",
	}
	if got := distinct(keys(all, "")); !reflect.DeepEqual(got, want) {
		logFindings(t, all)
		t.Errorf("findings after upgrade\n got %v\nwant %v", got, want)
	}
	if rep.Replayable || rep.Warnings() != 0 {
		t.Errorf("replayable %v, %d warnings; want false, 0", rep.Replayable, rep.Warnings())
	}
	// Every refused row is either reported or one 3.3 replays anyway.
	reported := map[string]bool{}
	for _, f := range all {
		reported[f.Ref()] = true
	}
	replayableAnyway := map[string]bool{"command:21": true, "command:22": true, "error_command:116": true}
	for _, r := range sum.Refused {
		ref := r.Table + ":" + strconv.FormatInt(r.ID, 10)
		if !reported[ref] && !replayableAnyway[ref] {
			t.Errorf("refused %s (%s) has no finding", ref, r.Reason)
		}
	}
	if rep.Checked.Instances == 0 || rep.Checked.Commands == 0 || rep.Checked.ErrorCommands == 0 || rep.Checked.TaskInstances == 0 {
		t.Errorf("checked %+v", rep.Checked)
	}
}

func distinct(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
