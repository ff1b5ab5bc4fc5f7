package backfill

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
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
