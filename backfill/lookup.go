package backfill

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/keyset"
	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// lookups is the context transforms need that lives in other tables. Its
// size follows the number of definitions and schedules, not of instances.
type lookups struct {
	schedules map[int64]transforms.Schedule // definition code → online schedules
	defs      map[[2]int64]bool             // (code, version) pairs of the definition log
	zone      *time.Location                // server time zone (Options.ServerTimezone); nil = UTC
}

// schedule is the transform context of a definition: its online schedules
// and the server time zone complement fire dates are computed in.
func (l *lookups) schedule(code int64) transforms.Schedule {
	s := l.schedules[code]
	s.ServerZone = l.zone
	return s
}

func loadLookups(ctx context.Context, db *sql.DB, s *schema.Schema) (*lookups, error) {
	l := &lookups{schedules: map[int64]transforms.Schedule{}, defs: map[[2]int64]bool{}}
	scan := keyset.Scan{Table: s.Table(schema.DefinitionLog), ID: "id", Columns: []string{"code", "version"}}
	err := scan.Each(ctx, db, func(next func(...any) error) error {
		var code, version sql.NullInt64
		if err := next(&code, &version); err != nil {
			return err
		}
		if code.Valid && version.Valid {
			l.defs[[2]int64{code.Int64, version.Int64}] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load definition versions: %w", err)
	}
	scan = keyset.Scan{Table: s.Table(schema.Schedule), ID: "id",
		Columns: []string{s.Column(schema.Schedule, schema.DefinitionCode), "timezone_id", "crontab", "release_state"}}
	err = scan.Each(ctx, db, func(next func(...any) error) error {
		var code, release sql.NullInt64
		var zone, cron sql.NullString
		if err := next(&code, &zone, &cron, &release); err != nil {
			return err
		}
		if !code.Valid || !release.Valid || release.Int64 != 1 {
			return nil // reference §6: only online schedules fire
		}
		sch := l.schedules[code.Int64]
		if !sch.Timezone.Valid && zone.Valid {
			sch.Timezone = transforms.Str(zone.String)
		}
		if cron.Valid {
			sch.Crons = append(sch.Crons, cron.String)
		}
		l.schedules[code.Int64] = sch
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load schedules: %w", err)
	}
	return l, nil
}

// orphan reports whether (code, version) has no definition log row.
func (l *lookups) orphan(code, version sql.NullInt64) bool {
	return !code.Valid || !version.Valid || !l.defs[[2]int64{code.Int64, version.Int64}]
}

// instanceInfo is what a command's transform needs of its instance.
type instanceInfo struct {
	state   sql.NullInt64 // original state (before this run changed it)
	current sql.NullInt64 // state now
	isSub   bool
}

// instancesByID reads the instances commands point at. A state this run
// already changed is replaced by its backed-up original: a failover command
// resumes the pre-failover state (transforms.CommandRow.InstanceState).
func instancesByID(ctx context.Context, db *sql.DB, s *schema.Schema, run int64, ids []int64) (map[int64]instanceInfo, error) {
	out := map[int64]instanceInfo{}
	if len(ids) == 0 {
		return out, nil
	}
	table := s.Table(schema.Instance)
	query := fmt.Sprintf("SELECT id, state, %s FROM %s WHERE id IN (%s)", q(s.Column(schema.Instance, schema.IsSubWorkflow)), q(table), inList(len(ids)))
	rows, err := db.QueryContext(ctx, query, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("read instances of commands: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var state, sub sql.NullInt64
		if err := rows.Scan(&id, &state, &sub); err != nil {
			return nil, err
		}
		out[id] = instanceInfo{state: state, current: state, isSub: sub.Valid && sub.Int64 == 1}
	}
	if err := rows.Err(); err != nil || run == 0 {
		return out, err
	}
	query = fmt.Sprintf(`SELECT row_id, original FROM dsmigrate_backup WHERE run_id = ? AND table_name = ? AND column_name = 'state' AND action = 'updated' AND row_id IN (%s)`, inList(len(ids)))
	orig, err := db.QueryContext(ctx, query, append([]any{run, table}, int64Args(ids)...)...)
	if err != nil {
		return nil, fmt.Errorf("read original instance states: %w", err)
	}
	defer orig.Close()
	for orig.Next() {
		var id int64
		var raw sql.NullString
		if err := orig.Scan(&id, &raw); err != nil {
			return nil, err
		}
		info := out[id]
		info.state = sql.NullInt64{}
		if v, err := strconv.ParseInt(raw.String, 10, 64); raw.Valid && err == nil {
			info.state = sql.NullInt64{Int64: v, Valid: true}
		}
		out[id] = info
	}
	return out, orig.Err()
}

// keepers maps an instance to the pending command that stays its failover
// command, as a sorted slice (16 bytes an entry: it can hold a million).
type keepers []struct{ instance, command int64 }

// of returns the failover command of an instance, 0 when it has none.
func (k keepers) of(instance int64) int64 {
	if i, ok := k.find(instance); ok {
		return k[i].command
	}
	return 0
}

func (k keepers) find(instance int64) (int, bool) {
	i := sort.Search(len(k), func(i int) bool { return k[i].instance >= instance })
	return i, i < len(k) && k[i].instance == instance
}

// set makes command the failover command of an instance already listed
// (0: none, so that the next failover command of the instance takes over).
func (k keepers) set(instance, command int64) {
	if i, ok := k.find(instance); ok {
		k[i].command = command
	}
}

// failoverKeepers finds, per instance, the pending command that stays its
// failover command: the lowest id among failover-type commands (2, and
// legacy 10 which becomes 2) that this run did not refuse. DESIGN §4.1
// invariant: at most one. blocked lists the instances with a refused
// failover command: they must not be parked at 18 behind it. DS has no index
// on the command's instance column, so this is one keyset scan per pass.
func failoverKeepers(ctx context.Context, db *sql.DB, s *schema.Schema, refused map[int64]bool) (keepers, map[int64]bool, error) {
	var out keepers
	blocked := map[int64]bool{}
	scan := keyset.Scan{Table: s.Table(schema.Command), ID: "id", Size: 10000,
		Columns: []string{"id", "command_type", s.Column(schema.Command, schema.InstanceID)}}
	err := scan.Each(ctx, db, func(next func(...any) error) error {
		var typ, inst sql.NullInt64
		var id int64
		if err := next(&id, &typ, &inst); err != nil {
			return err
		}
		if !failoverType(typ) || !inst.Valid || inst.Int64 <= 0 {
			return nil
		}
		if refused[id] {
			blocked[inst.Int64] = true
			return nil
		}
		out = append(out, struct{ instance, command int64 }{inst.Int64, id})
		return nil
	})
	// By instance, then command id: the first entry of an instance is its lowest id.
	sort.Slice(out, func(i, j int) bool {
		if out[i].instance != out[j].instance {
			return out[i].instance < out[j].instance
		}
		return out[i].command < out[j].command
	})
	uniq := out[:0]
	for _, k := range out {
		if len(uniq) == 0 || uniq[len(uniq)-1].instance != k.instance {
			uniq = append(uniq, k)
		}
	}
	return uniq, blocked, err
}

// refusedIDs returns the ids of a table's rows this run refused (none in a
// dry run). It holds one entry per refused row.
func refusedIDs(ctx context.Context, db *sql.DB, run int64, table schema.Logical) (map[int64]bool, error) {
	out := map[int64]bool{}
	if run == 0 {
		return out, nil
	}
	err := eachRefusedOf(ctx, db, run, string(table), func(id int64) { out[id] = true })
	return out, err
}
