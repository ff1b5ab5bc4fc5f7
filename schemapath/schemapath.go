// Package schemapath takes a DolphinScheduler 2.0.6–2.0.9 metadata database
// (or a 3.0–3.2 one) to the DS 3.3.0 schema with dsmigrate's own versioned
// migrations (migrations.SchemaPath, version table
// dsmigrate_schema_path_migrations), so that the result is the schema DS's
// own upgrader produces (see identity_test.go for what is compared and the
// differences that remain).
//
// The files follow DS's order: for each DS version its ddl, its dml, for
// 3.2.0 the Java data step (here a batched Go step, v320Data) and then its
// ddl_post, with the two MariaDB workarounds DS itself needs (the
// k8s_namespace_unique index before 3.1.0 drops column k8s; the Quartz
// foreign keys around the 3.2.0 collation change). The last file stamps
// t_ds_version = 3.3.0, so the version row changes only after every schema
// and data step succeeded. Every file is one statement guarded with MariaDB's
// IF [NOT] EXISTS forms, so a run killed at any point can simply be rerun.
//
// Where to start is read from information_schema, never from t_ds_version:
// the steps of every DS version whose effect is already complete are skipped
// (recorded as skipped), the rest are applied.
package schemapath

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"github.com/dsmigrate/dsmigrate/migrations"
)

// Target is the only DS version the path leads to.
const Target = "3.3.0"

// Options tune Apply.
type Options struct {
	BatchSize int // rows per UPDATE in the data steps (default 1000)
	// BeforeStep, when not nil, is called before each file; an error stops
	// the path there (tests use it to interrupt a run).
	BeforeStep func(Step) error
}

// Step is one file of the path.
type Step struct {
	Version   uint   `json:"version"`
	DSVersion string `json:"ds_version"`
	Kind      string `json:"kind"` // ddl, dml, ddl_post, data, fix, stamp
	Name      string `json:"name"`
}

func (s Step) String() string {
	return fmt.Sprintf("%06d %s %s: %s", s.Version, s.DSVersion, s.Kind, s.Title())
}

// Title is the file name without version, DS version, kind and suffix.
func (s Step) Title() string {
	t := strings.TrimSuffix(s.Name, ".up.sql")
	if m := nameRE.FindStringSubmatch(t); m != nil {
		return m[4]
	}
	return t
}

var nameRE = regexp.MustCompile(`^(\d+)_v([0-9.]+)_(ddl_post|ddl|dml|data|fix|stamp)_(.*)$`)

// Names renders steps one line each (plan and upgrade summaries).
func Names(steps []Step) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.String()
	}
	return out
}

// Steps lists every file of the path.
func Steps() ([]Step, error) {
	files, err := migrations.SchemaPath.Files()
	if err != nil {
		return nil, err
	}
	out := make([]Step, 0, len(files))
	for _, f := range files {
		m := nameRE.FindStringSubmatch(strings.TrimSuffix(f.Name, ".up.sql"))
		if m == nil {
			return nil, fmt.Errorf("schemapath: file name %q does not say its DS version and kind", f.Name)
		}
		out = append(out, Step{Version: f.Version, DSVersion: m[2], Kind: m[3], Name: f.Name})
	}
	return out, nil
}

// Pending lists the steps Apply would run on db, without changing anything.
func Pending(ctx context.Context, db *sql.DB) ([]Step, error) {
	steps, err := Steps()
	if err != nil {
		return nil, err
	}
	st, err := migrations.SchemaPath.State(ctx, db)
	if err != nil {
		return nil, err
	}
	from := st.Version
	if st.Dirty && from > 0 {
		from--
	}
	if from == 0 && !st.Dirty {
		if from, err = startPoint(ctx, db, steps); err != nil {
			return nil, err
		}
	}
	var out []Step
	for _, s := range steps {
		if s.Version > from {
			out = append(out, s)
		}
	}
	return out, nil
}

// Apply runs the pending steps. The caller holds dsmigrate's run lock and has
// checked that DS services are stopped.
func Apply(ctx context.Context, db *sql.DB, opts Options) error {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	steps, err := Steps()
	if err != nil {
		return err
	}
	if err := checkServer(ctx, db); err != nil {
		return err
	}
	if err := migrations.SchemaPath.Verify(ctx, db); err != nil {
		return err
	}
	st, err := migrations.SchemaPath.State(ctx, db)
	if err != nil {
		return err
	}
	if st.Version == 0 && !st.Dirty {
		start, err := startPoint(ctx, db, steps)
		if err != nil {
			return err
		}
		if start > 0 {
			if err := migrations.SchemaPath.Skip(ctx, db, start); err != nil {
				return err
			}
		}
	}
	byVersion := map[uint]Step{}
	for _, s := range steps {
		byVersion[s.Version] = s
	}
	return migrations.SchemaPath.Up(ctx, db, func(f migrations.File) error {
		s := byVersion[f.Version]
		if opts.BeforeStep != nil {
			if err := opts.BeforeStep(s); err != nil {
				return err
			}
		}
		if s.Kind == "data" {
			return dataStep(ctx, db, s, opts.BatchSize)
		}
		return nil
	})
}

// dataStep runs the Go data step whose marker file is s. It is safe to run
// twice: it only fills rows that are still NULL.
func dataStep(ctx context.Context, db *sql.DB, s Step, batch int) error {
	switch {
	case s.DSVersion == "3.2.0" && strings.HasPrefix(s.Title(), "v320-instance-data-step"):
		return v320Data(ctx, db, batch)
	}
	return fmt.Errorf("schemapath: no Go data step for %s", s.Name)
}

// InProgress reports whether a schema path was started and not finished
// (the database may then be in a shape nothing but the path itself accepts,
// e.g. half way through 3.3.0's table renames).
func InProgress(ctx context.Context, db *sql.DB) (bool, error) {
	st, err := migrations.SchemaPath.State(ctx, db)
	if err != nil {
		return false, err
	}
	return st.Dirty || (st.Version > 0 && st.Pending()), nil
}

// checkServer refuses servers whose DDL lacks the guards the files use.
func checkServer(ctx context.Context, db *sql.DB) error {
	var v string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&v); err != nil {
		return fmt.Errorf("schemapath: server version: %w", err)
	}
	var major, minor int
	fmt.Sscanf(v, "%d.%d", &major, &minor)
	if !strings.Contains(strings.ToLower(v), "mariadb") || major < 10 || (major == 10 && minor < 5) {
		return fmt.Errorf("schemapath: server %s: the schema path needs MariaDB 10.5 or later "+
			"(its steps use MariaDB's IF [NOT] EXISTS guards, which MySQL lacks); upgrade the schema with DS's own tool there", v)
	}
	return nil
}
