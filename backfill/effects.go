package backfill

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// parkAtFailover sets an instance to 18 FAILOVER, the 3.3 invariant while its
// failover command is pending (DESIGN §4.1; reference §5.2).
func (e *engine) parkAtFailover(instance int64) effect {
	return func(ctx context.Context, tx *sql.Tx) error {
		table := e.s.Table(schema.Instance)
		if err := backupColumns(ctx, tx, e.run, table, "state", []int64{instance}); err != nil {
			return err
		}
		set := []string{"state = 18"}
		for _, c := range e.s.AutoUpdated(schema.Instance) {
			set = append(set, fmt.Sprintf("%s = %s", q(c), q(c)))
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s WHERE id = ? AND (state IS NULL OR state <> 18)",
			q(table), strings.Join(set, ", ")), instance)
		return wrapEffect(err, "park instance %d at FAILOVER", instance)
	}
}

// retireCommand moves a command without a 3.3 handler to t_ds_error_command
// with RetireMessage. The whole row is backed up first; its id is kept unless
// the error table already uses it (then the next free id of both tables).
func (e *engine) retireCommand(id int64) effect {
	return func(ctx context.Context, tx *sql.Tx) error {
		cmd, errTable := e.s.Table(schema.Command), e.s.Table(schema.ErrorCommand)
		var taken int
		if err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE id = ?", q(errTable)), id).Scan(&taken); err != nil {
			return wrapEffect(err, "retire command %d", id)
		}
		newID := id
		if taken > 0 {
			var err error
			if newID, err = nextID(ctx, tx, errTable, cmd); err != nil {
				return wrapEffect(err, "retire command %d", id)
			}
		}
		common := commonColumns(e.s, schema.Command, schema.ErrorCommand)
		if err := backupWholeRow(ctx, tx, e.run, cmd, e.s.Columns(schema.Command), id); err != nil {
			return err
		}
		sel := make([]string, len(common))
		for i, c := range common {
			sel[i] = q(c)
			if c == "id" {
				sel[i] = "?"
			}
		}
		insert := fmt.Sprintf("INSERT INTO %s (%s, message) SELECT %s, ? FROM %s WHERE id = ?",
			q(errTable), quoteAll(common), strings.Join(sel, ", "), q(cmd))
		if _, err := tx.ExecContext(ctx, insert, newID, transforms.RetireMessage, id); err != nil {
			return wrapEffect(err, "retire command %d: copy to %s", id, errTable)
		}
		if err := recordCreated(ctx, tx, e.run, errTable, newID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE id = ?", q(cmd)), id)
		return wrapEffect(err, "retire command %d: delete", id)
	}
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

// nextID returns one more than the highest id in any of tables. Rows the run
// creates get explicit ids, so a batch retried after a crash creates the same
// ids (AUTO_INCREMENT values of a rolled-back insert are not reused), and new
// command ids never collide with error-command ids (reference §5.4).
func nextID(ctx context.Context, tx *sql.Tx, tables ...string) (int64, error) {
	parts := make([]string, len(tables))
	for i, t := range tables {
		parts[i] = fmt.Sprintf("COALESCE((SELECT MAX(id) FROM %s), 0)", q(t))
	}
	expr := parts[0]
	if len(parts) > 1 {
		expr = "GREATEST(" + strings.Join(parts, ", ") + ")"
	}
	var id int64
	if err := tx.QueryRowContext(ctx, "SELECT "+expr+" + 1").Scan(&id); err != nil {
		return 0, fmt.Errorf("next id of %s: %w", strings.Join(tables, ", "), err)
	}
	return id, nil
}

// insertRow inserts one row from a column → value map (columns the shape
// lacks are skipped) with the given id.
func insertRow(ctx context.Context, tx *sql.Tx, s *schema.Schema, l schema.Logical, id int64, values map[string]any) error {
	cols := []string{"id"}
	args := []any{id}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if phys := s.Column(l, k); phys != "" {
			cols = append(cols, phys)
			args = append(args, values[k])
		}
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", q(s.Table(l)), quoteAll(cols), placeholders(1, len(cols))), args...)
	return err
}

func wrapEffect(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
