package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// stuckCluster is DS's real 3.3 schema (2.0.9 DDL, legacy rows, DS's
// scripts) with instance 1 stuck at FAILOVER (18), its failover command in
// t_ds_error_command (what a 3.3 master leaves behind, reference §3.7).
func stuckCluster(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	legacy, err := os.ReadFile("../../repair/testdata/repair-legacy.sql")
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(t, string(legacy))
	db.UpgradeDS(t, "3.3.0")
	db.Exec(t, `UPDATE t_ds_workflow_instance SET update_time = '2024-03-02 08:00:00';
UPDATE t_ds_workflow_instance SET state = 18, update_time = '2024-03-02 08:00:00' WHERE id = 1;
INSERT INTO t_ds_error_command (id, command_type, executor_id, workflow_definition_code, workflow_definition_version,
  workflow_instance_id, command_param, task_depend_type, failure_strategy, warning_type, update_time, workflow_instance_priority, message) VALUES
(101, 2, 1, 10002, 1, 1, '{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"RUNNING_EXECUTION"}', 2, 1, 0, '2024-03-02 08:00:00', 2, 'Invalid command param');`)
	return db
}

// TestWatchOnceExitCodes: --once exits 1 naming the stuck rows and the fix,
// 0 on a healthy database, 0 again after --once --repair fixed it (the
// second round finds nothing stuck), 2 when the database is unreachable.
func TestWatchOnceExitCodes(t *testing.T) {
	db := stuckCluster(t)
	code, out, errOut := dsm(t, "watch", "--once", "--dsn", db.URL())
	if code != exitFindings || !strings.Contains(out, "check=stuck_failover") || !strings.Contains(out, "ids=1 ") ||
		!strings.Contains(out, `fix="dsmigrate repair --apply`) || !strings.Contains(out, "ids=101 ") {
		t.Fatalf("--once on a stuck instance: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = dsm(t, "watch", "--once", "--output", "json", "--dsn", db.URL())
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var first struct {
		Check string  `json:"check"`
		IDs   string  `json:"ids"`
		Count float64 `json:"count"`
	}
	if code != exitFindings || json.Unmarshal([]byte(lines[0]), &first) != nil || first.Check != "stuck_failover" || first.IDs != "1" {
		t.Errorf("--once --output json: exit %d, first line %q", code, lines[0])
	}
	code, out, errOut = dsm(t, "watch", "--once", "--repair", "--dsn", db.URL())
	if code != exitFindings || !strings.Contains(out, "dsmigrate rollback --run 1") {
		t.Fatalf("--once --repair: exit %d\n%s%s", code, out, errOut)
	}
	// The repaired instance waits for a master: not stuck; its command is
	// fresh enough with a grace period longer than its age.
	code, out, _ = dsm(t, "watch", "--once", "--grace", "87600h", "--dsn", db.URL())
	if code != exitOK || !strings.Contains(out, "stuck_failover_instances=0") {
		t.Errorf("--once after the repair: exit %d\n%s", code, out)
	}
	code, _, errOut = dsm(t, "watch", "--once", "--dsn", "mysql://nobody:secret-pw@127.0.0.1:1/ds")
	if code != exitUsage || strings.Contains(errOut, "secret-pw") {
		t.Errorf("--once on an unreachable database: exit %d, %s", code, errOut)
	}
}

// TestWatchServesMetricsAndStopsOnSIGTERM runs the real binary: /metrics
// and /healthz answer, and SIGTERM ends it with exit code 0 within seconds.
func TestWatchServesMetricsAndStopsOnSIGTERM(t *testing.T) {
	db := stuckCluster(t)
	bin := testenv.BuildCLI(t)
	cmd := exec.Command(bin, "watch", "--dsn", db.URL(), "--interval", "200ms", "--listen", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addr, checked := make(chan string, 1), make(chan struct{}, 1)
	go func() {
		re := regexp.MustCompile(`addr=(\S+)`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
			if strings.Contains(sc.Text(), "check done") {
				select {
				case checked <- struct{}{}:
				default:
				}
			}
		}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatal("watch did not announce its metrics address")
	}
	select {
	case <-checked:
	case <-time.After(30 * time.Second):
		t.Fatal("no check round within 30 s")
	}
	metrics := get(t, base+"/metrics")
	for _, want := range []string{"dsmigrate_stuck_failover_instances 1", "dsmigrate_error_failover_commands 1", "dsmigrate_check_errors_total 0",
		"dsmigrate_unparseable_params 0", "dsmigrate_stale_pending_commands 0", "go_memstats_heap_inuse_bytes"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if h := get(t, base+"/healthz"); !strings.HasPrefix(h, "ok") {
		t.Errorf("/healthz: %q", h)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v, want 0", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("watch did not stop within 5 s of SIGTERM")
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
