package verify

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/dsmigrate/dsmigrate/internal/keyset"
	"github.com/dsmigrate/dsmigrate/schema"
)

// definitions answers V04/V06 questions about definition versions. Its size
// follows the number of definition versions and of the graphs rows point at,
// never the number of instances or commands.
type definitions struct {
	db          *sql.DB
	s           *schema.Schema
	versions    map[[2]int64]bool
	graphs      map[[2]int64]graph
	renamedByDS bool // pre-3.3 shape: DS's 3.3.0 script still renames SUB_PROCESS definitions
}

// defCheck is what a row learns about its definition version.
type defCheck struct {
	problem string         // "" when replayable
	fix     string         // with a problem
	codes   map[int64]bool // task codes of the graph (nil when broken)
}

func loadDefinitions(ctx context.Context, db *sql.DB, s *schema.Schema, size int) (*definitions, error) {
	d := &definitions{db: db, s: s, versions: map[[2]int64]bool{}, graphs: map[[2]int64]graph{},
		renamedByDS: s.Shape != schema.Shape33}
	scan := keyset.Scan{Table: s.Table(schema.DefinitionLog), ID: "id", Columns: []string{"code", "version"}, Size: size, Dialect: s.Dialect}
	err := scan.Each(ctx, db, func(next func(...any) error) error {
		var code, version sql.NullInt64
		if err := next(&code, &version); err != nil {
			return err
		}
		if code.Valid && version.Valid {
			d.versions[[2]int64{code.Int64, version.Int64}] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verify: read definition versions: %w", err)
	}
	return d, nil
}

// check answers for one (code, version).
func (d *definitions) check(ctx context.Context, code, version sql.NullInt64) (defCheck, error) {
	if !code.Valid || !version.Valid || !d.versions[[2]int64{code.Int64, version.Int64}] {
		return defCheck{problem: fmt.Sprintf("definition (code %s, version %s) is not in the definition log (Cannot find the WorkflowDefinition)",
			nullInt(code), nullInt(version)), fix: FixOrphans}, nil
	}
	key := [2]int64{code.Int64, version.Int64}
	g, ok := d.graphs[key]
	if !ok {
		var err error
		if g, err = d.load(ctx, key); err != nil {
			return defCheck{}, err
		}
		d.graphs[key] = g
	}
	if g.problem != "" {
		return defCheck{problem: fmt.Sprintf("definition (code %d, version %d): %s", key[0], key[1], g.problem),
			fix: manual("restore the definition version's tasks and relations in DS, or finalize the row")}, nil
	}
	return defCheck{codes: g.codes}, nil
}

// load reads one version's relations and task definitions.
func (d *definitions) load(ctx context.Context, key [2]int64) (graph, error) {
	s := d.s
	q := s.Dialect
	rq := q.Rebind(fmt.Sprintf("SELECT pre_task_code, post_task_code, post_task_version FROM %s WHERE %s = ? AND %s = ?",
		q.Quote(s.Table(schema.TaskRelationLog)),
		q.Quote(s.Column(schema.TaskRelationLog, schema.DefinitionCode)),
		q.Quote(s.Column(schema.TaskRelationLog, schema.DefinitionVersion))))
	rows, err := d.db.QueryContext(ctx, rq, key[0], key[1])
	if err != nil {
		return graph{}, fmt.Errorf("verify: read relations of definition %d v%d: %w", key[0], key[1], err)
	}
	var rels []relation
	var args []any
	seen := map[[2]int64]bool{}
	for rows.Next() {
		var pre, post, postVersion sql.NullInt64
		if err := rows.Scan(&pre, &post, &postVersion); err != nil {
			rows.Close()
			return graph{}, fmt.Errorf("verify: scan relation: %w", err)
		}
		r := relation{preCode: pre.Int64, postCode: post.Int64, postVersion: postVersion.Int64}
		rels = append(rels, r)
		if p := [2]int64{r.postCode, r.postVersion}; r.postCode > 0 && !seen[p] {
			seen[p] = true
			args = append(args, p[0], p[1])
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return graph{}, fmt.Errorf("verify: read relations: %w", err)
	}
	var defs []taskDef
	if len(args) > 0 {
		tq := q.Rebind(fmt.Sprintf("SELECT code, version, name, task_type FROM %s WHERE (code, version) IN (%s)",
			q.Quote(s.Table(schema.TaskDefinitionLog)), pairList(len(args)/2)))
		trows, err := d.db.QueryContext(ctx, tq, args...)
		if err != nil {
			return graph{}, fmt.Errorf("verify: read task definitions of definition %d v%d: %w", key[0], key[1], err)
		}
		defer trows.Close()
		for trows.Next() {
			var t taskDef
			var name, typ sql.NullString
			if err := trows.Scan(&t.code, &t.version, &name, &typ); err != nil {
				return graph{}, fmt.Errorf("verify: scan task definition: %w", err)
			}
			t.name, t.taskType = name.String, typ.String
			defs = append(defs, t)
		}
		if err := trows.Err(); err != nil {
			return graph{}, fmt.Errorf("verify: read task definitions: %w", err)
		}
	}
	return buildGraph(rels, defs, d.renamedByDS), nil
}

func pairList(n int) string {
	out := make([]byte, 0, n*8)
	for i := 0; i < n; i++ {
		if i > 0 {
			out = append(out, ", "...)
		}
		out = append(out, "(?, ?)"...)
	}
	return string(out)
}

func nullInt(v sql.NullInt64) string {
	if !v.Valid {
		return "NULL"
	}
	return strconv.FormatInt(v.Int64, 10)
}
