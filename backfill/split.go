package backfill

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/go-sql-driver/mysql"

	"github.com/dsmigrate/dsmigrate/dialect"
)

// One bad row never stops a run (DESIGN §6): a batch the server refuses with
// a data error is committed again in halves, re-planned from the same
// checkpoint, until the offending row is alone; that row is refused with the
// server's message and the run goes on. Connection, lock and schema errors
// still stop the run (a rerun resumes it).

// isDataError reports an error caused by the values of the batch's rows.
func isDataError(err error) bool {
	if errors.Is(err, errNoIDs) {
		return true
	}
	return dialect.IsDataError(err)
}

// commitOrSplit commits b (planned from checkpoint before; cp already counts
// it). On a data error it commits the same rows in halves instead and
// returns the checkpoint that reached. prefetched tells that a plan of the
// next batch may still be running: it is awaited (it reads nothing this
// range writes) and handed back, so re-planning never runs beside it.
func (e *engine) commitOrSplit(ctx context.Context, p pass, table, name string, b *batch, before, cp checkpoint, ahead chan planned, prefetched bool) (checkpoint, error) {
	if e.run == 0 {
		return cp, e.dryCommit(ctx, b)
	}
	err := e.commit(ctx, table, name, b, cp)
	if err == nil || !isDataError(err) || b.scanned == 0 {
		return cp, e.explainPacket(ctx, err)
	}
	if prefetched {
		next := <-ahead
		defer func() { ahead <- next }()
	}
	// The first plan counted these rows' rules already: re-plans count into scratch.
	counted := e.sum
	e.sum = newSummary(counted.Shape, counted.DryRun)
	defer func() { e.sum = counted }()
	return e.split(ctx, p, table, name, before, b.scanned, cp.Done, err)
}

// split commits the n rows after cp in two halves; a single row is refused
// with cause. last marks the range that ends the table.
func (e *engine) split(ctx context.Context, p pass, table, name string, cp checkpoint, n int, last bool, cause error) (checkpoint, error) {
	if n <= 1 {
		return e.refuseRow(ctx, p, table, name, cp, last, cause)
	}
	half := n / 2
	cp, err := e.commitRange(ctx, p, table, name, cp, half, false)
	if err != nil {
		return cp, err
	}
	return e.commitRange(ctx, p, table, name, cp, n-half, last)
}

// explainPacket names max_allowed_packet and --batch-size when a batch
// statement was too large for the server: the driver refuses it (it asks the
// server for the limit), or the server drops the connection, which the
// driver reports only as a reset or invalid connection.
func (e *engine) explainPacket(ctx context.Context, err error) error {
	tooLarge := errors.Is(err, mysql.ErrPktTooLarge)
	if !tooLarge && !errors.Is(err, mysql.ErrInvalidConn) && !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, syscall.EPIPE) {
		return err
	}
	limit := ""
	var n int64
	if e.db.QueryRowContext(ctx, "SELECT @@max_allowed_packet").Scan(&n) == nil {
		limit = fmt.Sprintf(" (%d bytes)", n)
	}
	what := "a batch statement is larger than the server's max_allowed_packet" + limit
	if !tooLarge {
		what = "the server closed the connection during a batch write, most likely because the statement was larger than its max_allowed_packet" + limit
	}
	return fmt.Errorf("%s: lower --batch-size (now %d) or raise max_allowed_packet: %w", what, e.opts.BatchSize, err)
}

// commitRange plans and commits up to n rows after cp, splitting again on a
// data error.
func (e *engine) commitRange(ctx context.Context, p pass, table, name string, cp checkpoint, n int, last bool) (checkpoint, error) {
	b, err := p.plan(ctx, cp.LastID, n)
	if err != nil {
		return cp, fmt.Errorf("re-plan %d rows after id %d: %w", n, cp.LastID, err)
	}
	next := advance(cp, b, last)
	err = e.commit(ctx, table, name, b, next)
	if err == nil {
		return next, nil
	}
	if !isDataError(err) || b.scanned == 0 {
		return cp, e.explainPacket(ctx, err)
	}
	return e.split(ctx, p, table, name, cp, b.scanned, last, err)
}

// refuseRow records the row after cp as refused, with the server's message,
// and moves the checkpoint past it; the row itself is left untouched.
func (e *engine) refuseRow(ctx context.Context, p pass, table, name string, cp checkpoint, last bool, cause error) (checkpoint, error) {
	b, err := p.plan(ctx, cp.LastID, 1)
	if err != nil {
		return cp, fmt.Errorf("re-plan the row after id %d: %w", cp.LastID, err)
	}
	if b.scanned == 0 {
		return cp, cause
	}
	refusal := &batch{scanned: 1, lastID: b.lastID, refused: []Refusal{{Table: name, ID: b.lastID, Reason: refusedBy(cause)}}}
	next := advance(cp, refusal, last)
	if err := e.commit(ctx, table, name, refusal, next); err != nil {
		return cp, fmt.Errorf("refuse row %d after %v: %w", b.lastID, cause, err)
	}
	return next, nil
}

// refusedBy is the refusal reason for a row the database would not take.
func refusedBy(cause error) string {
	if errors.Is(cause, errNoIDs) {
		return clip(fmt.Sprintf("the rows it needs cannot be created: %v; left untouched", cause))
	}
	var me *mysql.MySQLError
	if errors.As(cause, &me) {
		return clip(fmt.Sprintf("the database refused the converted row: Error %d: %s; left untouched", me.Number, me.Message))
	}
	return clip(fmt.Sprintf("the database refused the converted row: %v; left untouched", cause))
}

func clip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= 1000 {
		return s
	}
	cut := 1000
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut-- // never split a character: the reason goes into a utf8mb4 column
	}
	return s[:cut] + "…"
}

// advance is cp after a committed batch b; last marks the end of the table.
func advance(cp checkpoint, b *batch, last bool) checkpoint {
	if b.scanned > 0 {
		cp.LastID = b.lastID
	}
	cp.Scanned += int64(b.scanned)
	cp.Changed += int64(b.changed)
	cp.Refused += int64(len(b.refused))
	cp.Done = last
	return cp
}
