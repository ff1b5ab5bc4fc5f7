package backfill

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/go-sql-driver/mysql"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/schema"
)

func TestExplainPacketNamesTheLimitAndTheFlag(t *testing.T) {
	db := dbtest.New(t)
	e := &engine{db: db.SQL, opts: Options{BatchSize: 5000}}
	for _, cause := range []error{
		fmt.Errorf("update 5000 rows: %w", syscall.ECONNRESET),
		fmt.Errorf("update 5000 rows: %w", mysql.ErrInvalidConn),
		fmt.Errorf("update 5000 rows: %w", mysql.ErrPktTooLarge),
	} {
		msg := e.explainPacket(context.Background(), cause).Error()
		if !strings.Contains(msg, "max_allowed_packet (") || !strings.Contains(msg, "--batch-size (now 5000)") || !strings.Contains(msg, cause.Error()) {
			t.Errorf("%v → %q", cause, msg)
		}
	}
	other := fmt.Errorf("x: %w", &mysql.MySQLError{Number: 1146, Message: "no table"})
	if got := e.explainPacket(context.Background(), other); got != other {
		t.Errorf("a schema error got a packet hint: %v", got)
	}
}

func TestIsDataError(t *testing.T) {
	for n, want := range map[uint16]bool{1366: true, 1406: true, 1264: true, 1644: true, 1205: false, 1213: false, 1146: false, 1054: false, 1062: false} {
		err := fmt.Errorf("batch: %w", &mysql.MySQLError{Number: n})
		if got := isDataError(err); got != want {
			t.Errorf("error %d: data error %v, want %v", n, got, want)
		}
	}
	if isDataError(fmt.Errorf("x: %w", mysql.ErrInvalidConn)) {
		t.Error("a lost connection is not a data error")
	}
	if !isDataError(fmt.Errorf("x: %w", errNoIDs)) {
		t.Error("no free id is a row's problem")
	}
}

// Failover commands get their ids without window functions (MySQL 5.7 has
// none) and the statement still runs: one id per instance, in id order.
func TestFailoverInsertNeedsNoWindowFunction(t *testing.T) {
	db := dbtest.New(t)
	if err := fixtures.LoadLegacy(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	s, err := schema.Detect(context.Background(), db.SQL)
	if err != nil {
		t.Fatal(err)
	}
	e := &engine{db: db.SQL, s: s}
	query := e.failoverInsert(dia(context.Background()), 2)
	for _, banned := range []string{"OVER", "ROW_NUMBER", "WITH "} {
		if strings.Contains(strings.ToUpper(query), banned) {
			t.Errorf("failover insert uses %s: %s", banned, query)
		}
	}
	tx, err := db.SQL.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(query, int64(12), int64(5001), int64(15), int64(5002), `{"commandType":"RECOVER_TOLERANCE_FAULT"}`, int64(15), int64(12)); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := tx.QueryRow("SELECT GROUP_CONCAT(CONCAT(id, ':', process_instance_id) ORDER BY id) FROM t_ds_command WHERE id > 5000").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "5001:12,5002:15" {
		t.Errorf("inserted %s, want 5001:12,5002:15", got)
	}
}

// TestClipKeepsCharactersWhole: a long server message is cut on a character
// boundary, so the refusal reason it becomes is valid UTF-8.
func TestClipKeepsCharactersWhole(t *testing.T) {
	for _, msg := range []string{strings.Repeat("é", 700), strings.Repeat("a", 999) + "😀tail", "ok", "bad \xff byte"} {
		got := clip(msg)
		if !utf8.ValidString(got) || len(got) > 1000+len("…") {
			t.Errorf("clip(%q…) = %q…: invalid UTF-8 or too long (%d bytes)", msg[:min(10, len(msg))], got[:min(10, len(got))], len(got))
		}
	}
}
