package backfill

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/schema"
)

// parkAtFailover sets instances to 18 FAILOVER, the 3.3 invariant while their
// failover command is pending (DESIGN §4.1; reference §5.2).
func (e *engine) parkAtFailover(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	table := e.s.Table(schema.Instance)
	if err := backupColumns(ctx, tx, e.run, table, "state", ids); err != nil {
		return err
	}
	set := []string{"state = 18"}
	for _, c := range e.s.AutoUpdated(schema.Instance) {
		set = append(set, fmt.Sprintf("%s = %s", q(c), q(c)))
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s WHERE id IN (%s) AND (state IS NULL OR state <> 18)",
		q(table), strings.Join(set, ", "), inList(len(ids))), int64Args(ids)...)
	if err != nil {
		return wrapEffect(err, "park %d instances at FAILOVER", len(ids))
	}
	return ledger.RecordWritten(ctx, tx, e.run, table, []string{"state"}, func(string) []int64 { return ids })
}

// retirement is a command to move to t_ds_error_command, with its message.
type retirement struct {
	id      int64
	message string // transforms.Retire*Message
}

// retireCommands moves commands to t_ds_error_command with the message of
// their reason. Whole rows are backed up first; ids are kept unless the
// error table already uses them (then the next free ids of both tables).
func (e *engine) retireCommands(ctx context.Context, tx *sql.Tx, list []retirement) error {
	if len(list) == 0 {
		return nil
	}
	cmd, errTable := e.s.Table(schema.Command), e.s.Table(schema.ErrorCommand)
	ids := make([]int64, len(list))
	for i, r := range list {
		ids[i] = r.id
	}
	taken, err := existingIDs(ctx, tx, errTable, ids)
	if err != nil {
		return err
	}
	if err := backupWholeRows(ctx, tx, e.run, cmd, e.s.Columns(schema.Command), ids); err != nil {
		return err
	}
	common := commonColumns(e.s, schema.Command, schema.ErrorCommand)
	// Ids free in the error table move set-wise, one statement per message.
	byMessage := map[string][]int64{}
	var messages []string
	moved := make([]int64, 0, len(list))
	for _, r := range list {
		if taken[r.id] {
			continue
		}
		if byMessage[r.message] == nil {
			messages = append(messages, r.message)
		}
		byMessage[r.message] = append(byMessage[r.message], r.id)
	}
	for _, msg := range messages {
		keep := byMessage[msg]
		insert := fmt.Sprintf("INSERT INTO %s (%s, message) SELECT %s, ? FROM %s WHERE id IN (%s)",
			q(errTable), quoteAll(common), quoteAll(common), q(cmd), inList(len(keep)))
		if _, err := tx.ExecContext(ctx, insert, append([]any{msg}, int64Args(keep)...)...); err != nil {
			return wrapEffect(err, "retire %d commands", len(keep))
		}
		moved = append(moved, keep...)
	}
	// Ids the error table already uses get the next free ids of both tables.
	sel := make([]string, len(common))
	for i, c := range common {
		sel[i] = q(c)
		if c == "id" {
			sel[i] = "?"
		}
	}
	insert := fmt.Sprintf("INSERT INTO %s (%s, message) SELECT %s, ? FROM %s WHERE id = ?",
		q(errTable), quoteAll(common), strings.Join(sel, ", "), q(cmd))
	var next int64
	for _, r := range list {
		if !taken[r.id] {
			continue
		}
		if next == 0 {
			if next, err = e.nextIDs(ctx, tx, countTaken(list, taken), errTable, cmd); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, insert, next, r.message, r.id); err != nil {
			return wrapEffect(err, "retire command %d as error command %d", r.id, next)
		}
		moved = append(moved, next)
		next++
	}
	if err := ledger.Created(ctx, tx, e.run, errTable, moved); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE id IN (%s)", q(cmd), inList(len(ids))), int64Args(ids)...)
	return wrapEffect(err, "retire %d commands: delete", len(ids))
}

// existingIDs returns which of ids exist in table.
func existingIDs(ctx context.Context, tx *sql.Tx, table string, ids []int64) (map[int64]bool, error) {
	rows, err := tx.QueryContext(ctx, fmt.Sprintf("SELECT id FROM %s WHERE id IN (%s)", q(table), inList(len(ids))), int64Args(ids)...)
	if err != nil {
		return nil, wrapEffect(err, "look up ids in %s", table)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// commonColumns lists the columns two logical tables share, sorted.
func commonColumns(s *schema.Schema, a, b schema.Logical) []string {
	inB := map[string]bool{}
	for _, c := range s.Columns(b) {
		inB[c] = true
	}
	var out []string
	for _, c := range s.Columns(a) {
		if inB[c] {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

func quoteAll(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = q(c)
	}
	return strings.Join(out, ", ")
}

// countTaken counts the retirements whose id the error table already uses.
func countTaken(list []retirement, taken map[int64]bool) int {
	n := 0
	for _, r := range list {
		if taken[r.id] {
			n++
		}
	}
	return n
}

func wrapEffect(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
