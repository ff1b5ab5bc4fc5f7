package repair

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// resubmit moves the --resubmit error commands back to t_ds_command the safe
// way (reference §5.4): param typed with the transforms (the instance's own
// param too, since every 3.3 handler reads it), instance id recovered from a
// 2.0.9 param, the error row deleted in the same transaction. It refuses ids
// that do not exist, types without a 3.3 handler, params that cannot be
// typed, commands that need an instance created, and failover commands (the
// instance repair owns those: one per instance at 18).
func (r *repairer) resubmit(ctx context.Context, tx *sql.Tx, cmds failoverCmds) error {
	ids := append([]int64(nil), r.opts.Resubmit...)
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for i, id := range ids {
		if i > 0 && ids[i-1] == id {
			continue
		}
		ent := ResubmitEntry{ErrorCommand: id, Actions: []string{}}
		if newID, ok := r.moved[id]; ok {
			ent.Command = newID
			ent.Actions = append(ent.Actions, fmt.Sprintf("%s back as command %d by the repair of its FAILOVER instance", r.verb("moved", "move"), newID))
			r.sum.Resubmitted = append(r.sum.Resubmitted, ent)
			continue
		}
		why, err := r.resubmitOne(ctx, tx, &ent)
		if err != nil {
			return err
		}
		if why != "" {
			ent.Refused = why
			if err := r.refuse(ctx, tx, schema.ErrorCommand, id, why); err != nil {
				return err
			}
		}
		r.sum.Resubmitted = append(r.sum.Resubmitted, ent)
	}
	return nil
}

// resubmitOne moves one error command back; it returns a refusal reason.
func (r *repairer) resubmitOne(ctx context.Context, tx *sql.Tx, ent *ResubmitEntry) (string, error) {
	s, l := r.s, schema.ErrorCommand
	var typ, code, version, instCol sql.NullInt64
	var param sql.NullString
	err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT command_type, %s, %s, %s, command_param FROM %s WHERE id = ?",
		q(s.Column(l, schema.DefinitionCode)), q(s.Column(l, schema.DefinitionVersion)), q(s.Column(l, schema.InstanceID)), q(s.Table(l))),
		ent.ErrorCommand).Scan(&typ, &code, &version, &instCol, &param)
	if errors.Is(err, sql.ErrNoRows) {
		run, err := r.movedBefore(ctx, tx, ent.ErrorCommand)
		if err != nil || run == 0 {
			return fmt.Sprintf("no error command with id %d", ent.ErrorCommand), err
		}
		ent.Actions = append(ent.Actions, fmt.Sprintf("already moved back by repair run %d", run))
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read error command %d: %w", ent.ErrorCommand, err)
	}
	r.sum.Table(string(l)).Scanned++
	switch {
	case !typ.Valid:
		return "command_type is NULL", nil
	case typ.Int64 == 2 || typ.Int64 == 10:
		return "a failover command: `dsmigrate repair` moves back the newest failover command of each instance at FAILOVER (18), " +
			"and a failover of an instance that is not at 18 is not resubmitted", nil
	case typ.Int64 == 8 || typ.Int64 == 9 || typ.Int64 >= 11:
		return fmt.Sprintf("command_type %d has no 3.3 handler", typ.Int64), nil
	}
	in := transforms.CommandRow{ID: ent.ErrorCommand, CommandType: nullInt(typ), InstanceID: nullInt(instCol), CommandParam: nullStr(param)}
	if code.Valid {
		in.Schedule = r.k.Schedule(code.Int64)
	}
	inst := instCol.Int64
	if !instCol.Valid || inst <= 0 {
		inst = transforms.ErrorCommand(in).InstanceRef
	}
	var instRows []stuckRow
	if inst > 0 {
		if instRows, err = r.readInstances(ctx, "id = ?", inst); err != nil {
			return "", err
		}
	}
	if len(instRows) == 1 {
		in.InstanceState, in.IsSubProcess = instRows[0].in.State, instRows[0].in.IsSubProcess
	}
	res := transforms.ErrorCommand(in)
	switch {
	case res.Refused:
		return res.Reason, nil
	case res.Action == transforms.ActionNeedsInstance || len(instRows) == 0:
		return fmt.Sprintf("points at no existing instance (%d): 3.3 handlers need one; start the workflow again instead", inst), nil
	}
	set := backfill.ChangedColumns(s, schema.Command, res)
	if why := backfill.TooLong(s, schema.Command, set); why != "" {
		return why, nil
	}
	if !instCol.Valid || instCol.Int64 != inst {
		set[s.Column(schema.Command, schema.InstanceID)] = inst
	}
	if !version.Valid || version.Int64 == 0 {
		set[s.Column(schema.Command, schema.DefinitionVersion)] = intValue(nullInt(instRows[0].version))
	}
	// Every 3.3 handler also parses the instance's own param (reference §3.6).
	ires := transforms.Instance(instRows[0].in)
	if ires.Refused {
		return fmt.Sprintf("instance %d: %s", inst, ires.Reason), nil
	}
	icols := backfill.ChangedColumns(s, schema.Instance, ires)
	if why := backfill.TooLong(s, schema.Instance, icols); why != "" {
		return fmt.Sprintf("instance %d: %s", inst, why), nil
	}
	if len(icols) > 0 {
		r.sum.Table(string(schema.Instance)).Changed++
		acts, _ := r.instanceActions(ires, icols)
		ent.Actions = append(ent.Actions, acts...)
		if r.opts.Apply {
			if err := r.k.ApplyUpdates(ctx, tx, schema.Instance, []backfill.RowUpdate{{ID: inst, Cols: icols}}); err != nil {
				return "", err
			}
		}
	}
	newID, err := r.moveBack(ctx, tx, ent.ErrorCommand, set)
	if err != nil {
		return "", err
	}
	ent.Command = newID
	ent.Actions = append(ent.Actions, fmt.Sprintf("%s error command %d back as command %d", r.verb("moved", "move"), ent.ErrorCommand, newID))
	for _, f := range res.Findings {
		ent.Actions = append(ent.Actions, "command: "+f.Message)
	}
	return "", nil
}

// movedBefore returns the repair run (not rolled back) that moved error
// command id back, 0 when none: rerunning the same --resubmit is not an error.
func (r *repairer) movedBefore(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	if !r.s.HasTable("dsmigrate_backup") || !r.s.HasTable("dsmigrate_run") {
		return 0, nil // no ledger yet (a dry run before any --apply)
	}
	var run int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(r.id), 0) FROM dsmigrate_backup b JOIN dsmigrate_run r ON r.id = b.run_id
WHERE r.command = 'repair' AND r.state <> ? AND b.table_name = ? AND b.row_id = ? AND b.action = 'removed'`,
		ledger.StateRolledBack, r.s.Table(schema.ErrorCommand), id).Scan(&run)
	if err != nil {
		return 0, fmt.Errorf("ledger: was error command %d moved back before: %w", id, err)
	}
	return run, nil
}
