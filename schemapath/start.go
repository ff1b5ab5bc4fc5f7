package schemapath

import (
	"context"
	"database/sql"
	"fmt"
)

// probe answers questions about the current database from information_schema.
type probe struct {
	ctx context.Context
	db  *sql.DB
	err error
}

func (p *probe) count(query string, args ...any) int {
	if p.err != nil {
		return 0
	}
	var n int
	if err := p.db.QueryRowContext(p.ctx, query, args...).Scan(&n); err != nil {
		p.err = fmt.Errorf("schemapath: detect start point: %w", err)
	}
	return n
}

// table reports whether any of the names is a table.
func (p *probe) table(names ...string) bool {
	for _, n := range names {
		if p.count(`SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, n) > 0 {
			return true
		}
	}
	return false
}

func (p *probe) column(table, column string) bool {
	return p.count(`SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`, table, column) > 0
}

func (p *probe) index(table, index string) bool {
	return p.count(`SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?`, table, index) > 0
}

func (p *probe) rows(table string) bool {
	return p.table(table) && p.count("SELECT COUNT(*) FROM (SELECT 1 FROM `"+table+"` LIMIT 1) x") > 0
}

// either returns the 3.3 name of a renamed table when it exists, else the old one.
func (p *probe) either(old, renamed string) string {
	if p.table(renamed) {
		return renamed
	}
	return old
}

// done reports, per DS version, whether the database shows the effect of
// that version's last steps. The checks look at what each version's last
// files change, so a DS upgrade that stopped half way through a version
// counts as not done (its steps are re-applied; the guards make that safe).
func done(p *probe) []struct {
	ds string
	ok func() bool
} {
	pdl := func() string { return p.either("t_ds_process_definition_log", "t_ds_workflow_definition_log") }
	pd := func() string { return p.either("t_ds_process_definition", "t_ds_workflow_definition") }
	pi := func() string { return p.either("t_ds_process_instance", "t_ds_workflow_instance") }
	return []struct {
		ds string
		ok func() bool
	}{
		{"3.0.0", func() bool { return p.table("t_ds_task_group_queue") && p.rows("t_ds_relation_rule_input_entry") }},
		{"3.0.2", func() bool { return p.index(pdl(), "uniq_idx_code_version") }},
		{"3.1.0", func() bool {
			return p.column("t_ds_k8s_namespace", "cluster_code") && p.table("t_ds_cluster") &&
				p.count(`SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't_ds_task_definition' AND COLUMN_NAME = 'task_priority' AND COLUMN_DEFAULT IN ('2', '''2''')`) > 0
		}},
		{"3.1.1", func() bool { return p.column("t_ds_worker_group", "description") }},
		{"3.2.0", func() bool {
			return p.column(pi(), "project_code") && !p.column(pd(), "tenant_id") && !p.column(pi(), "tenant_id") &&
				p.count(`SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'QRTZ_TRIGGERS' AND TABLE_COLLATION = 'utf8mb3_bin'`)+
					p.count(`SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'QRTZ_TRIGGERS' AND TABLE_COLLATION = 'utf8_bin'`) > 0
		}},
		{"3.2.1", func() bool { return p.index("t_ds_task_group_queue", "idx_t_ds_task_group_queue_in_queue") }},
		{"3.2.2", func() bool { return p.column("t_ds_project_parameter", "param_data_type") }},
		// 3.3.0: only its ddl is checked; its dml and the stamp always run.
		{"3.3.0-ddl", func() bool {
			return p.table("t_ds_workflow_instance") && !p.table("t_ds_process_instance") &&
				!p.index("t_ds_relation_workflow_instance", "idx_process_instance_id")
		}},
	}
}

// startPoint returns the last file version whose effect the database already
// has: the last file of the highest DS version that is done together with
// every version before it (0 for a 2.0 schema).
func startPoint(ctx context.Context, db *sql.DB, steps []Step) (uint, error) {
	p := &probe{ctx: ctx, db: db}
	last := map[string]uint{}
	for _, s := range steps {
		key := s.DSVersion
		if s.DSVersion == "3.3.0" && (s.Kind == "ddl" || s.Kind == "fix") {
			key = "3.3.0-ddl"
		}
		if s.Version > last[key] {
			last[key] = s.Version
		}
	}
	var start uint
	for _, v := range done(p) {
		ok := v.ok()
		if p.err != nil {
			return 0, p.err
		}
		if !ok {
			break
		}
		start = last[v.ds]
	}
	return start, nil
}
