package backfill

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dsmigrate/dsmigrate/schema"
)

// Ids of the rows a run creates. They are explicit, so a batch retried after
// a crash creates the same ids, and they start above both the highest id and
// the table's AUTO_INCREMENT counter as it stood when the run started: an id
// DS handed out to a row since deleted is never reused (a deleted newest row
// leaves MAX(id) below the counter). The counters are recorded with the run
// (dsmigrate_run.options), because a killed batch's rolled-back insert still
// moves the live counter, and a resumed run must allocate what an
// uninterrupted one would. Ids that would overflow the id column are never
// handed out: the rows that need them are refused (see split.go).

// runOptions is what a run records in dsmigrate_run.options.
type runOptions struct {
	Options
	IDFloors map[string]int64 `json:"id_floors,omitempty"` // physical table → AUTO_INCREMENT-1 at the start
}

// errNoIDs is returned when a table has no free id left for a created row.
var errNoIDs = errors.New("no free id")

// idFloors reads the id counters (AUTO_INCREMENT; the id default's sequence
// on PostgreSQL) of the tables rows are created in.
func idFloors(ctx context.Context, db *sql.DB, s *schema.Schema) (map[string]int64, error) {
	out := map[string]int64{}
	for _, l := range []schema.Logical{schema.Instance, schema.Command, schema.ErrorCommand} {
		t := s.Table(l)
		if t == "" {
			continue
		}
		next, err := dia(ctx).NextID(ctx, db, t)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("read the id counter of %s: %w", t, err)
		}
		if next > 1 {
			out[t] = next - 1
		}
	}
	return out, nil
}

// storedIDFloors reads the counters a resumed run recorded when it started
// (none for a run started by an older dsmigrate: MAX(id) alone then).
func storedIDFloors(ctx context.Context, db *sql.DB, run int64) (map[string]int64, error) {
	var raw sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT options FROM dsmigrate_run WHERE id = ?`, run).Scan(&raw); err != nil {
		return nil, fmt.Errorf("ledger: read the options of run %d: %w", run, err)
	}
	var o struct {
		IDFloors map[string]int64 `json:"id_floors"`
	}
	if raw.Valid && raw.String != "" {
		_ = json.Unmarshal([]byte(raw.String), &o) // unreadable: as if none were recorded
	}
	return o.IDFloors, nil
}

// nextIDs returns the first of n consecutive free ids above every id of
// tables (and above their counters at the start of the run), or an error
// wrapping errNoIDs when they would not fit the id column.
func (e *engine) nextIDs(ctx context.Context, tx *sql.Tx, n int, tables ...string) (int64, error) {
	parts := make([]string, len(tables))
	var floor, limit int64
	for i, t := range tables {
		parts[i] = fmt.Sprintf("COALESCE((SELECT MAX(id) FROM %s), 0)", q(t))
		floor = max(floor, e.idFloors[t])
		if m := e.s.MaxInt(logicalOf(e.s, t), "id"); m > 0 && (limit == 0 || m < limit) {
			limit = m
		}
	}
	var top int64
	if err := tx.QueryRowContext(ctx, "SELECT GREATEST("+strings.Join(parts, ", ")+", ?)", floor).Scan(&top); err != nil {
		return 0, fmt.Errorf("next id of %s: %w", strings.Join(tables, ", "), err)
	}
	if limit > 0 && (top >= limit || int64(n) > limit-top) {
		return 0, fmt.Errorf("%w in %s: %d rows need ids above %d, and the id column holds at most %d", errNoIDs, strings.Join(tables, ", "), n, top, limit)
	}
	return top + 1, nil
}
