package repair

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// pendingMove is an error command going back to t_ds_command.
type pendingMove struct {
	c     failoverCmd
	set   map[string]any // physical command column → value that replaces the error row's
	entry int            // index of its Entry in the batch
}

// repairBatch decides, then writes, one batch of instances at 18 (DESIGN §3 repair):
//  1. the instance's own param typed by transforms.Instance (and its Changes);
//  2. the state to restore: the newest failover command carrying a resumable
//     status, else state_history, else inferred RUNNING_EXECUTION;
//  3. exactly one pending typed failover command with it: the pending one
//     fixed, else the newest error one moved back, else a new one.
func (r *repairer) repairBatch(ctx context.Context, tx *sql.Tx, rows []stuckRow, cmds failoverCmds) error {
	s := r.s
	var instUpdates, cmdUpdates []backfill.RowUpdate
	var creates []backfill.FailoverNeed
	var moves []pendingMove
	entries := make([]Entry, 0, len(rows))
	for _, row := range rows {
		id := row.in.ID
		ent := Entry{Instance: id, Actions: []string{}}
		r.sum.Table(string(schema.Instance)).Scanned++
		pending, errs := cmds.pending[id], cmds.errors[id]
		r.sum.Table(string(schema.Command)).Scanned += int64(len(pending))
		r.sum.Table(string(schema.ErrorCommand)).Scanned += int64(len(errs))
		res := transforms.Instance(row.in)
		why := res.Reason
		cols := map[string]any{}
		if !res.Refused {
			cols = backfill.ChangedColumns(s, schema.Instance, res)
			why = backfill.TooLong(s, schema.Instance, cols)
		}
		if why == "" && len(pending) > 1 {
			why = fmt.Sprintf("%d pending failover commands (%s): 3.3 keeps at most one per instance; remove all but one first", len(pending), idList(pending))
		}
		if why != "" {
			ent.Refused = "instance " + fmt.Sprint(id) + ": " + why
			entries = append(entries, ent)
			if err := r.refuse(ctx, tx, schema.Instance, id, why); err != nil {
				return err
			}
			continue
		}
		status, source, notes := newestWithStatus(append(append([]failoverCmd(nil), pending...), errs...))
		if status == "" {
			st, why := historyStatus(row.history)
			if st != "" {
				status, source = st, SourceStateHistory
			} else {
				notes = append(notes, SourceStateHistory+": "+why)
				// The failover handler re-attaches the valid task instances and resumes
				// the DAG; RUNNING_EXECUTION is the only status that neither pauses nor
				// stops work nobody asked to pause or stop.
				status, source = transforms.StatusRunning, SourceInferred
			}
		}
		ent.StateToRestore, ent.Source, ent.Notes = status, source, notes
		param, err := backfill.FailoverParam(status)
		if err != nil {
			return err
		}
		acts, instNotes := r.instanceActions(res, cols)
		ent.Notes = append(ent.Notes, instNotes...)
		if len(cols) > 0 {
			instUpdates = append(instUpdates, backfill.RowUpdate{ID: id, Cols: cols})
			r.sum.Table(string(schema.Instance)).Changed++
			ent.Actions = append(ent.Actions, acts...)
		}
		instCol := s.Column(schema.Command, schema.InstanceID)
		switch {
		case len(pending) == 1:
			p := pending[0]
			set := map[string]any{}
			if !p.param.Valid || p.param.String != param {
				set["command_param"] = param
			}
			if !p.instCol.Valid || p.instCol.Int64 != id {
				set[instCol] = id
			}
			if len(set) > 0 {
				cmdUpdates = append(cmdUpdates, backfill.RowUpdate{ID: p.id, Cols: set})
				r.sum.Table(string(schema.Command)).Changed++
				ent.Actions = append(ent.Actions, fmt.Sprintf("%s pending failover command %d with %s",
					r.verb("rewrote", "rewrite"), p.id, status))
			}
		case len(errs) > 0:
			newest := errs[0]
			for _, c := range errs[1:] {
				if c.id > newest.id {
					newest = c
				}
			}
			set := map[string]any{"command_param": param, instCol: id}
			if !newest.version.Valid || newest.version.Int64 == 0 {
				set[s.Column(schema.Command, schema.DefinitionVersion)] = intValue(nullInt(row.version))
			}
			moves = append(moves, pendingMove{c: newest, set: set, entry: len(entries)})
		default:
			creates = append(creates, backfill.FailoverNeed{Instance: id, Status: status})
			r.sum.Table(string(schema.Command)).Changed++
			ent.Actions = append(ent.Actions, fmt.Sprintf("%s failover command with %s", r.verb("created", "create"), status))
		}
		entries = append(entries, ent)
	}
	if r.opts.Apply {
		if err := r.k.ApplyUpdates(ctx, tx, schema.Instance, instUpdates); err != nil {
			return err
		}
		if err := r.k.ApplyUpdates(ctx, tx, schema.Command, cmdUpdates); err != nil {
			return err
		}
		if err := r.k.InsertFailoverCommands(ctx, tx, creates); err != nil {
			return err
		}
		r.sum.Actions.FailoverCommandsCreated += int64(len(creates))
	} else if err := r.reserveDryIDs(ctx, tx, len(creates)); err != nil {
		return err
	}
	for i := range moves {
		m := &moves[i]
		newID, err := r.moveBack(ctx, tx, m.c.id, m.set)
		if err != nil {
			return err
		}
		r.moved[m.c.id] = newID
		ent := &entries[m.entry]
		ent.Actions = append(ent.Actions, fmt.Sprintf("%s error command %d back as command %d, typed with %s",
			r.verb("moved", "move"), m.c.id, newID, ent.StateToRestore))
	}
	r.sum.Repairs = append(r.sum.Repairs, entries...)
	return nil
}

// changeRules maps the transforms' findings that change an instance column to it.
var changeRules = map[string]string{transforms.RuleTestFlag: "test_flag", transforms.RuleTaskDependType: "task_depend_type",
	transforms.RuleStartTime: "start_time", transforms.RuleCommandType: "command_type", transforms.RuleInstanceState: "state"}

// instanceActions words what the instance update does (actions) and what
// the transform only observed (notes).
func (r *repairer) instanceActions(res transforms.Result, cols map[string]any) (actions, notes []string) {
	if res.ParamChanged {
		actions = append(actions, r.verb("typed", "type")+" instance param")
	}
	for _, f := range res.Findings {
		if f.Rule == transforms.RuleParamTyped {
			continue
		}
		if c, ok := changeRules[f.Rule]; ok && cols[c] != nil {
			actions = append(actions, r.verb("set", "set")+" instance "+f.Message)
		} else {
			notes = append(notes, "instance: "+f.Message)
		}
	}
	return actions, notes
}

// reserveDryIDs makes a dry run hand out the ids --apply would: --apply
// inserts the batch's new failover commands (n of them) before it moves
// error commands back, so those take the next n fresh ids first.
func (r *repairer) reserveDryIDs(ctx context.Context, tx *sql.Tx, n int) error {
	if n == 0 {
		return nil
	}
	first, err := r.k.NextID(ctx, tx, r.s.Table(schema.Command), r.s.Table(schema.ErrorCommand))
	if err != nil {
		return err
	}
	r.dryNext = max(first, r.dryNext) + int64(n)
	return nil
}

// moveBack moves error command id to t_ds_command, in the caller's
// transaction, with the columns in set replaced (reference §5.4). It keeps
// the id unless t_ds_command uses it, else takes one past the highest id of
// both tables; the error row is backed up whole and deleted (so a command
// that fails again can be moved to the error table under the same id), and
// the command row is recorded as created. In a dry run it only returns the id.
func (r *repairer) moveBack(ctx context.Context, tx *sql.Tx, id int64, set map[string]any) (int64, error) {
	s := r.s
	cmd, errTable := s.Table(schema.Command), s.Table(schema.ErrorCommand)
	taken, err := backfill.ExistingIDs(ctx, tx, cmd, []int64{id})
	if err != nil {
		return 0, err
	}
	newID := id
	if taken[id] {
		if newID, err = r.k.NextID(ctx, tx, cmd, errTable); err != nil {
			return 0, err
		}
		if !r.opts.Apply {
			newID = max(newID, r.dryNext)
			r.dryNext = newID + 1
		}
	}
	r.sum.Table(string(schema.Command)).Changed++
	r.sum.Table(string(schema.ErrorCommand)).Changed++
	if !r.opts.Apply {
		return newID, nil
	}
	if err := ledger.Backup(ctx, tx, r.run(), errTable, ledger.ActionRemoved, s.Columns(schema.ErrorCommand), func(string) []int64 { return []int64{id} }); err != nil {
		return 0, err
	}
	cols := backfill.CommonColumns(s, schema.Command, schema.ErrorCommand)
	sel := make([]string, len(cols))
	var args []any
	for i, c := range cols {
		sel[i] = q(c)
		if c == "id" {
			sel[i] = "?"
			args = append(args, newID)
		} else if v, ok := set[c]; ok {
			sel[i] = "?"
			args = append(args, v)
		}
	}
	insert := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s WHERE id = ?",
		q(cmd), quoteAll(cols), strings.Join(sel, ", "), q(errTable))
	if _, err := tx.ExecContext(ctx, insert, append(args, id)...); err != nil {
		return 0, fmt.Errorf("move error command %d back as command %d: %w", id, newID, err)
	}
	if err := ledger.Created(ctx, tx, r.run(), cmd, []int64{newID}); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE id = ?", q(errTable)), id); err != nil {
		return 0, fmt.Errorf("move error command %d back: delete it: %w", id, err)
	}
	return newID, nil
}

func idList(cmds []failoverCmd) string {
	out := make([]string, len(cmds))
	for i, c := range cmds {
		out[i] = fmt.Sprint(c.id)
	}
	return strings.Join(out, ", ")
}
