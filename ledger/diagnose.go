package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dsmigrate/dsmigrate/migrations"
	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/schemapath"
)

// Schema path states in SchemaPathStatus.State.
const (
	PathNotStarted  = "not started"
	PathApplied     = "applied"
	PathPending     = "pending"
	PathDirty       = "dirty"
	PathInterrupted = "interrupted"
)

// readSchemaPath reads where the schema path stands, without changing anything.
func readSchemaPath(ctx context.Context, db *sql.DB) (SchemaPathStatus, error) {
	st, err := migrations.SchemaPath.State(ctx, db)
	if err != nil {
		return SchemaPathStatus{}, err
	}
	out := SchemaPathStatus{Version: st.Version, Latest: st.Latest}
	// On a database the path cannot start from (unknown shape) nothing is pending.
	// Nor where the schema path does not run (PostgreSQL, MySQL: --to refuses).
	if ok, _ := dia(ctx).SupportsSchemaPath(ctx, db); ok {
		if steps, err := schemapath.Pending(ctx, db); err == nil {
			out.Pending = len(steps)
		}
	}
	switch {
	case st.Dirty:
		out.State = PathDirty
	case st.Version > 0 && st.Pending():
		out.State = PathInterrupted
	case st.Version > 0:
		out.State = PathApplied
	case out.Pending > 0:
		out.State = PathPending
	default:
		out.State = PathNotStarted
	}
	return out, nil
}

// diagnose lists every state that needs action, with the command that
// clears it. missing names ledger tables that are gone.
func (st *Status) diagnose(missing []string) {
	add := func(what, fix string) { st.Problems = append(st.Problems, Problem{What: what, Fix: fix}) }
	m := st.Migrations
	if m.Version > m.Latest {
		add(fmt.Sprintf("the ledger is at migration %d, this dsmigrate knows only %d", m.Version, m.Latest),
			"use the dsmigrate version that wrote the ledger, or a newer one")
	}
	if m.Dirty {
		add(fmt.Sprintf("ledger migration %d failed half way (dirty)", m.Version), "dsmigrate upgrade (re-applies it; every file is safe to run twice)")
	}
	if len(missing) > 0 {
		add("ledger tables missing: "+strings.Join(missing, ", ")+"; without them rollback cannot undo what dsmigrate wrote",
			"restore them from your database backup (see docs/runbook.md); rollback refuses until then")
	}
	switch st.SchemaPath.State {
	case PathDirty:
		add(fmt.Sprintf("the schema path failed half way at step %d (dirty)", st.SchemaPath.Version),
			"dsmigrate upgrade --to "+schemapath.Target+" (resumes it; see docs/runbook.md)")
	case PathInterrupted:
		add(fmt.Sprintf("the schema path stopped after step %d of %d", st.SchemaPath.Version, st.SchemaPath.Latest),
			"dsmigrate upgrade --to "+schemapath.Target+" (resumes it)")
	}
	if st.Shape == schema.ShapeMixed {
		add("the schema is half renamed (shape mixed): neither 3.0–3.2 nor 3.3", "dsmigrate upgrade --to "+schemapath.Target+" (finishes the renames)")
	}
	for _, r := range st.Runs {
		switch {
		case r.Interrupted:
			add(fmt.Sprintf("run %d (%s) was interrupted", r.ID, r.Command),
				fmt.Sprintf("dsmigrate %s (resumes it from its checkpoints), or dsmigrate rollback", resumeCommand(r.Command)))
		case r.State == StateRollingBack:
			add(fmt.Sprintf("run %d is half rolled back (rolling_back)", r.ID), "dsmigrate rollback (finishes it)")
		case r.State == StatePartlyRolledBack:
			add(fmt.Sprintf("run %d is rolled back except rows changed since it", r.ID),
				fmt.Sprintf("dsmigrate rollback --run %d --force (overwrites those rows with the originals)", r.ID))
		}
	}
}

func resumeCommand(command string) string {
	if command == "repair" {
		return "repair --apply"
	}
	return command
}
