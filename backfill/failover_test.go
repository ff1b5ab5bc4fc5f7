package backfill_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
)

// addInstance inserts a legacy running instance of definition 10001 v3.
func addInstance(t *testing.T, db interface {
	Exec(testing.TB, string, ...any)
}, id, state int64, param string) {
	t.Helper()
	db.Exec(t, `INSERT INTO t_ds_process_instance (id, name, process_definition_code, process_definition_version, state, command_type,
  history_cmd, command_param, start_time, executor_id, tenant_id) VALUES (?, 'x', 10001, 3, ?, 0, 'START_PROCESS', ?, '2024-03-10 10:00:00', 1, -1)`,
		id, state, param)
}

func addFailoverCommand(t *testing.T, db interface {
	Exec(testing.TB, string, ...any)
}, id, typ, instance int64, param string) {
	t.Helper()
	db.Exec(t, `INSERT INTO t_ds_command (id, command_type, process_definition_code, process_definition_version, process_instance_id, command_param)
VALUES (?, ?, 10001, 3, ?, ?)`, id, typ, instance, param)
}

// TestFailoverNeverStrandsAnInstance: a failover command whose instance
// cannot be converted is refused and the instance is not parked at 18
// (it would be #16878 again); when the lowest failover command of an
// instance is refused, the next one becomes its failover command instead of
// being retired as a duplicate.
func TestFailoverNeverStrandsAnInstance(t *testing.T) {
	db := catalogue(t)
	addInstance(t, db, 500, 1, `[1,2]`) // unconvertible param
	addFailoverCommand(t, db, 500, 2, 500, `{"ProcessInstanceId":500}`)
	addInstance(t, db, 501, 10, `{}`)                    // WAITING_THREAD: to be failed over
	addFailoverCommand(t, db, 501, 10, 501, `{"Waiting`) // lowest, invalid JSON: refused
	addFailoverCommand(t, db, 502, 2, 501, `{"ProcessInstanceId":501}`)

	sum := upgrade(t, db, backfill.Options{})
	refused := map[string]string{}
	for _, r := range sum.Refused {
		refused[r.Table+":"+itoa(r.ID)] = r.Reason
	}
	if why := refused["command:500"]; !strings.Contains(why, "instance 500 cannot be converted") {
		t.Errorf("command 500: refusal %q, want it to name the unconvertible instance", why)
	}
	var state int64
	db.SQL.QueryRow("SELECT state FROM t_ds_process_instance WHERE id = 500").Scan(&state)
	if state != 1 {
		t.Errorf("instance 500 state %d, want 1 (not parked behind a refused command)", state)
	}
	if _, ok := refused["command:501"]; !ok {
		t.Error("command 501 (invalid JSON) not refused")
	}
	var typ, retired int64
	var param string
	db.SQL.QueryRow("SELECT command_type, command_param FROM t_ds_command WHERE id = 502").Scan(&typ, &param)
	db.SQL.QueryRow("SELECT COUNT(*) FROM t_ds_error_command WHERE id = 502").Scan(&retired)
	if typ != 2 || !strings.Contains(param, `"RECOVER_TOLERANCE_FAULT"`) || retired != 0 {
		t.Errorf("command 502: type %d, param %.60q, retired %d; want the typed failover command of instance 501", typ, param, retired)
	}
	db.SQL.QueryRow("SELECT state FROM t_ds_process_instance WHERE id = 501").Scan(&state)
	if state != 18 {
		t.Errorf("instance 501 state %d, want 18 with command 502 pending", state)
	}
	var created int64
	db.SQL.QueryRow("SELECT COUNT(*) FROM t_ds_command WHERE process_instance_id = 501 AND command_type = 2 AND id > 502").Scan(&created)
	if created != 0 {
		t.Errorf("%d extra failover commands created for instance 501", created)
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
