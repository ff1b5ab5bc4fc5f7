package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
)

// dsm runs one dsmigrate command line in-process.
func dsm(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHelpAnswersQuestions(t *testing.T) {
	code, out, _ := dsm(t, "--help")
	if code != exitOK {
		t.Fatalf("--help exit %d", code)
	}
	for _, want := range []string{"inspect", "DSMIGRATE_DSN", "mysql://", "Exit codes", "#16878"} {
		if !strings.Contains(out, want) {
			t.Errorf("dsmigrate --help does not mention %q", want)
		}
	}
	code, out, _ = dsm(t, "inspect", "--help")
	if code != exitOK || !strings.Contains(out, "information_schema") || !strings.Contains(out, "--output") {
		t.Errorf("inspect --help (exit %d) lacks its explanation:\n%s", code, out)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := dsm(t, "--version")
	if code != exitOK || !strings.HasPrefix(out, "dsmigrate version ") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	cases := [][]string{
		{"inspect", "--no-such-flag"},
		{"no-such-command"},
		{"inspect", "--output", "yaml", "--dsn", "x:y@tcp(127.0.0.1:1)/db"},
		{"inspect", "--dsn", ""},
		{"inspect", "--dsn", "postgres://u:p@h/db"},
	}
	for _, args := range cases {
		code, _, errOut := dsm(t, args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d (stderr %q)", args, code, exitUsage, errOut)
		}
		if !strings.HasPrefix(errOut, "dsmigrate: ") {
			t.Errorf("%q: stderr %q lacks the dsmigrate: prefix", args, errOut)
		}
	}
}

// TestConnectionErrorHidesPassword connects with a wrong password, in both DSN
// forms, and checks the message names the server but never the password.
func TestConnectionErrorHidesPassword(t *testing.T) {
	server := dbtest.ServerConfig(t)
	const pw = "n0t-the-Right-pw"
	for _, d := range []string{
		"mysql://" + server.User + ":" + pw + "@" + server.Addr + "/mysql",
		server.User + ":" + pw + "@tcp(" + server.Addr + ")/mysql",
		"mysql://" + server.User + ":" + pw + "@127.0.0.1:1/mysql", // nothing listens there
	} {
		code, out, errOut := dsm(t, "inspect", "--dsn", d)
		if code != exitUsage {
			t.Errorf("exit %d, want %d", code, exitUsage)
		}
		if strings.Contains(out+errOut, pw) {
			t.Errorf("output leaks the password: %q", out+errOut)
		}
		if !strings.Contains(errOut, "connect to "+server.User+"@tcp(") {
			t.Errorf("error does not name the server: %q", errOut)
		}
	}
}

// TestInspectJSONOnDS33 runs inspect on DS's real schema after DS's own
// upgrade scripts to 3.3.0 and checks the JSON contract's fields.
func TestInspectJSONOnDS33(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "3.3.0")
	code, out, errOut := dsm(t, "inspect", "--output", "json", "--dsn", db.URL())
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Shape     string            `json:"shape"`
		Tables    map[string]string `json:"tables"`
		Inventory map[string]struct {
			Total int64 `json:"total"`
		} `json:"inventory"`
		Risks []struct {
			ID      string `json:"id"`
			Count   *int64 `json:"count"`
			Message string `json:"message"`
		} `json:"risks"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, out)
	}
	if got.Shape != "3.3" || got.Tables["instance"] != "t_ds_workflow_instance" || got.Tables["command"] != "t_ds_command" {
		t.Errorf("shape %q tables %v", got.Shape, got.Tables)
	}
	for _, k := range []string{"instances", "commands", "error_commands", "task_instances"} {
		if _, ok := got.Inventory[k]; !ok {
			t.Errorf("inventory lacks %q", k)
		}
	}
	if len(got.Risks) == 0 {
		t.Fatal("no risks listed")
	}
	for _, r := range got.Risks {
		if r.ID == "" || r.Count == nil || r.Message == "" {
			t.Errorf("incomplete risk %+v", r)
		}
	}
}

func TestInspectRefusesNothingButReportsUnknownShape(t *testing.T) {
	db := dbtest.New(t)
	code, out, _ := dsm(t, "inspect", "--dsn", db.DSN())
	if code != exitFindings {
		t.Errorf("empty database: exit %d, want %d", code, exitFindings)
	}
	if !strings.Contains(out, "unknown") || !strings.Contains(out, "missing DolphinScheduler tables") {
		t.Errorf("output does not explain the unknown shape:\n%s", out)
	}
}

func TestTransformStreamsJSONLines(t *testing.T) {
	in := `{"table":"instance","id":1,"command_type":6,"state":1,"history_cmd":"SCHEDULER","schedule_timezone":"Asia/Shanghai","command_param":null}
{"table":"command","id":2,"command_type":1,"state":null,"command_param":"{\"StartNodeList\":\"a,b\"}"}
`
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"transform"}, strings.NewReader(in), &out, &errOut)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d output lines for 2 input lines:\n%s", len(lines), out.String())
	}
	var first, second struct {
		ID           int64   `json:"id"`
		CommandParam *string `json:"command_param"`
		Refused      bool    `json:"refused"`
		Reason       string  `json:"reason"`
	}
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if first.ID != 1 || first.Refused || first.CommandParam == nil ||
		!strings.HasPrefix(*first.CommandParam, `{"commandType":"SCHEDULER"`) || !strings.Contains(*first.CommandParam, `"timeZone":null`) {
		t.Errorf("instance line: %s", lines[0])
	}
	if second.ID != 2 || !second.Refused || !strings.HasPrefix(second.Reason, "StartNodeList") ||
		second.CommandParam == nil || *second.CommandParam != `{"StartNodeList":"a,b"}` {
		t.Errorf("refused line must keep its input and name the key: %s", lines[1])
	}
}

// TestUpgradeLockedExits3 holds the run lock and runs the CLI: exit 3, holder named.
func TestUpgradeLockedExits3(t *testing.T) {
	db := dbtest.New(t)
	if err := fixtures.LoadLegacy(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	lock, err := runlock.Acquire(context.Background(), db.SQL, db.Name)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	code, _, errOut := dsm(t, "upgrade", "--dsn", db.DSN(), "--progress=false")
	if code != exitLocked || !strings.Contains(errOut, "another dsmigrate run holds the lock") || !strings.Contains(errOut, "connection ") {
		t.Errorf("exit %d, stderr %q; want 3 naming the holder", code, errOut)
	}
}

// TestStatusReportsInterruptedRun: a run left "running" with nobody holding
// the lock is interrupted (exit 1); upgrade resumes and finishes it.
func TestStatusReportsInterruptedRun(t *testing.T) {
	db := dbtest.New(t)
	if err := fixtures.LoadLegacy(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := dsm(t, "upgrade", "--dsn", db.DSN(), "--progress=false"); code != exitFindings {
		t.Fatalf("upgrade: exit %d (%s); the catalogue has refused rows, want 1", code, errOut)
	}
	db.Exec(t, "UPDATE dsmigrate_run SET state = 'running', finished_at = NULL")
	db.Exec(t, "UPDATE dsmigrate_checkpoint SET done = 0 WHERE table_name = 'task_instance'")
	code, out, _ := dsm(t, "status", "--dsn", db.DSN(), "--output", "json")
	var st struct {
		Runs []struct {
			ID          int64 `json:"id"`
			Interrupted bool  `json:"interrupted"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if code != exitFindings || len(st.Runs) != 1 || !st.Runs[0].Interrupted {
		t.Fatalf("status: exit %d, %s; want 1 with an interrupted run", code, out)
	}
	code, out, _ = dsm(t, "upgrade", "--dsn", db.DSN(), "--output", "json", "--progress=false")
	var sum struct {
		RunID   int64 `json:"run_id"`
		Resumed bool  `json:"resumed"`
	}
	json.Unmarshal([]byte(out), &sum)
	if sum.RunID != st.Runs[0].ID || !sum.Resumed {
		t.Errorf("upgrade after the interruption: %s; want run %d resumed", out, st.Runs[0].ID)
	}
	if code, _, _ := dsm(t, "status", "--dsn", db.DSN()); code != exitOK {
		t.Errorf("status after the resume: exit %d, want 0", code)
	}
}

// TestTransformServerTimezone: complement dates are computed in
// --server-timezone (or $DSMIGRATE_SERVER_TIMEZONE), without the local
// times a DST gap skips, as 2.0.9's Quartz did (#12.4).
func TestTransformServerTimezone(t *testing.T) {
	in := `{"table":"command","id":3,"command_type":5,"state":null,"schedule_crons":["0 0 * * * ?"],` +
		`"command_param":"{\"complementStartDate\":\"2024-03-31 00:00:00\",\"complementEndDate\":\"2024-03-31 04:00:00\"}"}` + "\n"
	dates := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := run(context.Background(), append([]string{"transform"}, args...), strings.NewReader(in), &out, &errOut); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
		}
		var res struct {
			CommandParam string `json:"command_param"`
		}
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		var p struct {
			Backfill []string `json:"backfillTimeList"`
		}
		if err := json.Unmarshal([]byte(res.CommandParam), &p); err != nil {
			t.Fatalf("%v: %s", args, out.String())
		}
		return strings.Join(p.Backfill, ",")
	}
	berlin := "2024-03-31 00:00:00,2024-03-31 01:00:00,2024-03-31 03:00:00,2024-03-31 04:00:00"
	utc := "2024-03-31 00:00:00,2024-03-31 01:00:00,2024-03-31 02:00:00,2024-03-31 03:00:00,2024-03-31 04:00:00"
	if got := dates("--server-timezone", "Europe/Berlin"); got != berlin {
		t.Errorf("Europe/Berlin: %s", got)
	}
	if got := dates("--server-timezone", "UTC"); got != utc {
		t.Errorf("UTC: %s", got)
	}
	t.Setenv("DSMIGRATE_SERVER_TIMEZONE", "Europe/Berlin")
	if got := dates(); got != berlin {
		t.Errorf("$DSMIGRATE_SERVER_TIMEZONE=Europe/Berlin: %s", got)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"transform", "--server-timezone", "Mars/Olympus"}, strings.NewReader(in), &out, &errOut); code != exitUsage {
		t.Errorf("unknown zone: exit %d, want %d", code, exitUsage)
	}
}
