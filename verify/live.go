package verify

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dsmigrate/dsmigrate/internal/keyset"
	"github.com/dsmigrate/dsmigrate/schema"
)

// This file holds the checks `dsmigrate watch` runs on a live cluster, round
// after round, with bounded queries. They are verify's rules (V01, V02, V05)
// applied to a few rows, not a second model: the param checks call the same
// parser and the same fix names as the full run.

// ParamProblem is why a 3.3 master cannot use a row's command_param, and the
// fix verify names for it.
type ParamProblem struct {
	Rule    string // V01 (instance) or V05 (command)
	Message string
	Fix     string
}

// InstanceParamProblem is V01 on one instance param: ok false when a 3.3
// master reads it as null (reference §3.6).
func InstanceParamProblem(param sql.NullString) (ParamProblem, bool) {
	return instanceParamProblem(ParseCommandParam(ptr(param), ICommandParam), param)
}

func instanceParamProblem(p Param, param sql.NullString) (ParamProblem, bool) {
	if p.OK {
		return ParamProblem{}, false
	}
	return ParamProblem{Rule: V01, Message: "command_param does not parse as a 3.3 ICommandParam: " + p.Reason +
		" (every handler and every task dispatch reads it; #16878)", Fix: paramFix(param)}, true
}

// CommandParamProblem is V05's param part for one pending command: what its
// 3.3 handler needs of command_param (reference §5.2). Types 3, 4 and 7
// ignore the param; a type without a 3.3 handler is a problem of its own.
// Warnings (a status given as an ordinal) are not problems.
func CommandParamProblem(commandType sql.NullInt64, param sql.NullString) (ParamProblem, bool) {
	if !commandType.Valid || !handledCommandType(commandType.Int64) {
		return ParamProblem{Rule: V05, Message: "command_type " + code(commandType, commandTypeName) +
			" has no 3.3 handler: the master moves it to t_ds_error_command", Fix: FixUpgrade}, true
	}
	var out ParamProblem
	found := false
	switch typ := commandType.Int64; typ {
	case 0, 5, 6:
		p := ParseCommandParam(ptr(param), ICommandParam)
		switch {
		case !p.OK:
			out, found = ParamProblem{V05, "command_param does not parse as ICommandParam, and the handler copies it into the instance: " + p.Reason, paramFix(param)}, true
		case p.TypeID != typeIDForCommand[typ]:
			out, found = ParamProblem{V05, fmt.Sprintf("command_param is a %s param, a type-%d command needs %s", p.TypeID, typ, typeIDForCommand[typ]), FixUpgrade}, true
		}
	case 2:
		checkFailoverParam(param, func(severity, message, fix string) {
			if severity == SeverityError && !found {
				out, found = ParamProblem{V05, message, fix}, true
			}
		})
	}
	return out, found
}

// FailoverInstance is a workflow instance at FAILOVER (18) with its failover
// commands (command_type 2).
type FailoverInstance struct {
	ID         int64
	Host       string       // the instance's host column ("" when NULL)
	UpdateTime sql.NullTime // the instance's update_time (3.3: set when it went to 18)
	// PendingFailover is a failover command for it in t_ds_command (0: none):
	// a master will take it over, so it is not stuck (V02).
	PendingFailover int64
	// ErrorFailover is its newest failover command in t_ds_error_command (0:
	// none), with that row's update_time.
	ErrorFailover     int64
	ErrorFailoverTime sql.NullTime
}

// Stuck reports V02's "state 18 without a pending failover command": no
// master ever picks it up again (reference §3.7, §4.3).
func (f FailoverInstance) Stuck() bool { return f.PendingFailover == 0 }

// FailoverInstances reads the next page of instances at FAILOVER (18), ids
// above after, at most limit, with their failover commands: primary-key and
// IN-list lookups, so a round costs the same however big the tables are.
// Error commands of 2.0.9 that lost the instance column (reference §5.4) are
// matched by the instance id their legacy param names, as verify's V09 does.
func FailoverInstances(ctx context.Context, db *sql.DB, s *schema.Schema, after int64, limit int) ([]FailoverInstance, error) {
	l := schema.Instance
	query := fmt.Sprintf("SELECT id, %s, %s FROM %s WHERE state = 18 AND id > ? ORDER BY id LIMIT %d",
		colOrNull(s, l, "host"), colOrNull(s, l, "update_time"), keyset.Quote(s.Table(l)), limit)
	rows, err := db.QueryContext(ctx, query, after)
	if err != nil {
		return nil, fmt.Errorf("read instances at FAILOVER after id %d: %w", after, err)
	}
	var out []FailoverInstance
	byID := map[int64]int{}
	for rows.Next() {
		var f FailoverInstance
		var host sql.NullString
		if err := rows.Scan(&f.ID, &host, &f.UpdateTime); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read instances at FAILOVER: %w", err)
		}
		f.Host = host.String
		byID[f.ID] = len(out)
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, f := range out {
		ids[i] = f.ID
	}
	err = eachFailoverCommand(ctx, db, s, schema.Command, ids, func(id, inst int64, _ sql.NullTime) {
		if f := &out[byID[inst]]; f.PendingFailover == 0 || id < f.PendingFailover {
			f.PendingFailover = id
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachFailoverCommand(ctx, db, s, schema.ErrorCommand, ids, func(id, inst int64, at sql.NullTime) {
		if i, ok := byID[inst]; ok && id > out[i].ErrorFailover {
			out[i].ErrorFailover, out[i].ErrorFailoverTime = id, at
		}
	})
	return out, err
}

// eachFailoverCommand calls fn with every failover command of table l that
// names one of ids (its id, the instance, its update_time).
func eachFailoverCommand(ctx context.Context, db *sql.DB, s *schema.Schema, l schema.Logical, ids []int64,
	fn func(id, instance int64, at sql.NullTime)) error {
	inst, table := s.Column(l, schema.InstanceID), keyset.Quote(s.Table(l))
	query := fmt.Sprintf("SELECT id, %s, %s FROM %s WHERE command_type = 2 AND %s IN (%s)",
		keyset.Quote(inst), colOrNull(s, l, "update_time"), table, keyset.Quote(inst), inList(len(ids)))
	if err := scanFailoverCommands(ctx, db, query, int64Args(ids), fn); err != nil {
		return fmt.Errorf("read failover commands in %s: %w", s.Table(l), err)
	}
	if l != schema.ErrorCommand {
		return nil
	}
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	// 2.0.9 error rows: column 0 or NULL, the instance in the legacy param.
	const size = 1000
	legacy := fmt.Sprintf("SELECT id, command_param, %s FROM %s WHERE command_type = 2 AND (%s IS NULL OR %s <= 0) AND id > ? ORDER BY id LIMIT %d",
		colOrNull(s, l, "update_time"), table, keyset.Quote(inst), keyset.Quote(inst), size)
	type legacyRow struct {
		id    int64
		param sql.NullString
		at    sql.NullTime
	}
	for after := keyset.Start; ; {
		page, last, err := readPage(ctx, db, legacy, after, func(rows *sql.Rows) (legacyRow, int64, error) {
			var r legacyRow
			err := rows.Scan(&r.id, &r.param, &r.at)
			return r, r.id, err
		})
		if err != nil {
			return fmt.Errorf("read 2.0.9 failover error commands after id %d: %w", after, err)
		}
		for _, r := range page {
			if ref := legacyInstanceRef(r.param); want[ref] {
				fn(r.id, ref, r.at)
			}
		}
		if len(page) < size {
			return nil
		}
		after = last
	}
}

func scanFailoverCommands(ctx context.Context, db *sql.DB, query string, args []any, fn func(id, instance int64, at sql.NullTime)) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, inst int64
		var at sql.NullTime
		if err := rows.Scan(&id, &inst, &at); err != nil {
			return err
		}
		fn(id, inst, at)
	}
	return rows.Err()
}

// colOrNull is the quoted physical column, or NULL when the shape lacks it.
func colOrNull(s *schema.Schema, l schema.Logical, column string) string {
	if c := s.Column(l, column); c != "" {
		return keyset.Quote(c)
	}
	return "NULL"
}
