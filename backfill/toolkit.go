package backfill

import (
	"context"
	"database/sql"

	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// Toolkit lends package repair the upgrade engine's writers and lookups for
// one run, so repair writes through the same backup, written-checksum and
// fencing path as upgrade.
type Toolkit struct{ e *engine }

// NewToolkit prepares the writers for a run on s (dryRun: plan only).
func NewToolkit(db *sql.DB, s *schema.Schema, batchSize int, version string, dryRun bool) *Toolkit {
	e := &engine{db: db, s: s, opts: withDefaults(Options{BatchSize: batchSize, Version: version, DryRun: dryRun}),
		sum: newSummary(string(s.Shape), dryRun)}
	return &Toolkit{e: e}
}

// Summary is the run's summary, shared with the caller.
func (k *Toolkit) Summary() *Summary { return k.e.sum }

// Own makes the writers write for owner's run.
func (k *Toolkit) Own(owner *ledger.Run) {
	id := owner.ID
	k.e.owner, k.e.run, k.e.sum.RunID, k.e.sum.Resumed = owner, id, &id, owner.Resumed
}

// Owner is the run the writers write for (nil before Own).
func (k *Toolkit) Owner() *ledger.Run { return k.e.owner }

// SetServerZone sets the IANA zone complement dates are computed in
// (--server-timezone; "" means UTC), before LoadLookups.
func (k *Toolkit) SetServerZone(name string) error {
	if _, err := transforms.ServerZone(name); err != nil {
		return err
	}
	k.e.opts.ServerTimezone = name
	return nil
}

// LoadLookups reads what the transforms need besides the row (schedules,
// the server zone) and the id counters created rows must stay above.
func (k *Toolkit) LoadLookups(ctx context.Context) (err error) {
	if k.e.look, err = loadLookups(ctx, k.e.db, k.e.s); err != nil {
		return err
	}
	if k.e.look.zone, err = transforms.ServerZone(k.e.opts.ServerTimezone); err != nil {
		return err
	}
	k.e.idFloors, err = idFloors(ctx, k.e.db, k.e.s)
	return err
}

// Schedule is the online schedule of a definition code (after LoadLookups).
func (k *Toolkit) Schedule(code int64) transforms.Schedule { return k.e.look.schedule(code) }

// RowUpdate is the new values of one row: physical column → value (nil: NULL).
type RowUpdate struct {
	ID   int64
	Cols map[string]any
}

// ApplyUpdates backs up and rewrites rows of logical table l in tx.
func (k *Toolkit) ApplyUpdates(ctx context.Context, tx *sql.Tx, l schema.Logical, updates []RowUpdate) error {
	list := make([]rowUpdate, len(updates))
	for i, u := range updates {
		list[i] = rowUpdate{id: u.ID, cols: u.Cols}
	}
	return applyUpdates(ctx, tx, k.e.run, k.e.s.Table(l), k.e.s.AutoUpdated(l), list)
}

// FailoverNeed is a failover command to create for an instance, carrying
// the workflowExecutionStatus name to restore.
type FailoverNeed struct {
	Instance int64
	Status   string
}

// InsertFailoverCommands creates failover commands in tx, recorded as created.
func (k *Toolkit) InsertFailoverCommands(ctx context.Context, tx *sql.Tx, needs []FailoverNeed) error {
	list := make([]failoverNeed, len(needs))
	for i, n := range needs {
		list[i] = failoverNeed{instance: n.Instance, status: n.Status}
	}
	return k.e.insertFailoverCommands(ctx, tx, list)
}

// ChangedColumns maps a transform result to the physical columns of l it changes.
func ChangedColumns(s *schema.Schema, l schema.Logical, res transforms.Result) map[string]any {
	return changedColumns(s, l, res)
}

// TooLong says why new values do not fit their columns ("" when they do).
func TooLong(s *schema.Schema, l schema.Logical, cols map[string]any) string {
	return tooLong(s, l, cols)
}

// NextID returns a free id above every id of tables that fits their id
// column (an error wrapping the engine's "no free id" when none does).
func (k *Toolkit) NextID(ctx context.Context, tx *sql.Tx, tables ...string) (int64, error) {
	return k.e.nextIDs(ctx, tx, 1, tables...)
}

// ExistingIDs returns which of ids exist in table.
func ExistingIDs(ctx context.Context, tx *sql.Tx, table string, ids []int64) (map[int64]bool, error) {
	return existingIDs(ctx, tx, table, ids)
}

// CommonColumns lists the columns two logical tables share, sorted.
func CommonColumns(s *schema.Schema, a, b schema.Logical) []string { return commonColumns(s, a, b) }

// SaveRefused records refused rows of run in tx.
func SaveRefused(ctx context.Context, tx *sql.Tx, run int64, refused []Refusal) error {
	return saveRefused(ctx, tx, run, refused)
}

// Table returns the counts of a logical table, created on first use.
func (s *Summary) Table(name string) *TableSummary { return s.table(name) }

// KeepRefused keeps refused rows in memory, up to MaxRefusedKept.
func (s *Summary) KeepRefused(rs []Refusal) { s.keepRefused(rs) }

// SortedNames returns the keys of m in order.
func SortedNames[V any](m map[string]V) []string { return sortedNames(m) }

// TimeText renders a DS datetime as the transforms read it.
func TimeText(t sql.NullTime) transforms.NullString { return timeText(t) }

// FailoverParam is the typed command_param of a failover command restoring
// the workflowExecutionStatus status.
func FailoverParam(status string) (string, error) { return failoverParam(status) }
