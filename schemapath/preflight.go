package schemapath

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/dsmigrate/dsmigrate/migrations"
)

// ErrMissing marks a preflight refusal: the database lacks tables or columns
// the pending steps touch, so the path would stop half way. Nothing was changed.
var ErrMissing = errors.New("schema path preflight")

// MissingError names what the pending steps need and the database lacks.
type MissingError struct {
	Missing []string // "table QRTZ_JOB_DETAILS (step 000089 …)", "column t.c (step …)"
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("schema path preflight: the database lacks %d table(s)/column(s) the pending steps touch; "+
		"nothing was changed. Is it a complete DS 2.0.6-2.0.9 (or 3.0-3.2) database? Missing:\n  %s",
		len(e.Missing), strings.Join(e.Missing, "\n  "))
}

func (e *MissingError) Unwrap() error { return ErrMissing }

// dataStepTables are the tables and columns the Go data step (v320Data) reads and writes.
var dataStepTables = map[string][]string{
	"t_ds_process_instance":       {"project_code", "tenant_code", "executor_name", "process_definition_code", "process_definition_version", "executor_id", "name"},
	"t_ds_task_instance":          {"project_code", "process_instance_name", "executor_name", "process_instance_id"},
	"t_ds_process_definition_log": {"code", "version", "project_code"},
	"t_ds_schedules":              {"process_definition_code", "tenant_code"},
	"t_ds_user":                   {"id", "user_name"},
}

// Preflight checks, before any DDL, that every table and column the pending
// steps touch exists when its step runs: it replays the steps' effect on the
// table and column names of the current database (CREATE, RENAME, DROP TABLE;
// ADD, CHANGE, DROP COLUMN) and requires what ALTER, UPDATE, INSERT, JOIN,
// FROM, REFERENCES and MODIFY/CHANGE COLUMN name (ALTER TABLE IF EXISTS needs
// no table: DS's own steps rely on it doing nothing when the table is absent). Guarded statements that
// already did their work (a rerun after a crash) need nothing. It returns a
// *MissingError naming what is missing, nil when the path can run.
func Preflight(ctx context.Context, db *sql.DB, pending []Step) error {
	have, err := currentColumns(ctx, db)
	if err != nil {
		return err
	}
	all, err := migrations.SchemaPath.Files()
	if err != nil {
		return err
	}
	files := map[uint]string{}
	for _, f := range all {
		files[f.Version] = f.Body
	}
	var missing []string
	seen := map[string]bool{}
	need := func(what string, s Step) {
		if !seen[what] {
			seen[what] = true
			missing = append(missing, fmt.Sprintf("%s (first needed by step %06d %s)", what, s.Version, strings.TrimSuffix(s.Name, ".up.sql")))
		}
	}
	for _, s := range pending {
		if s.Kind == "data" {
			for table, cols := range dataStepTables {
				if have.requireTable(table) {
					for _, c := range cols {
						if !have.column(table, c) {
							need("column "+table+"."+c, s)
						}
					}
				} else {
					need("table "+table, s)
				}
			}
			continue
		}
		for _, what := range have.apply(files[s.Version]) {
			need(what, s)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &MissingError{Missing: missing}
}

// columnSet is the simulated schema: table → column set (nil: columns unknown,
// e.g. a table a step creates, whose columns are not tracked).
type columnSet map[string]map[string]bool

func currentColumns(ctx context.Context, db *sql.DB) (columnSet, error) {
	rows, err := db.QueryContext(ctx, `SELECT t.TABLE_NAME, COALESCE(c.COLUMN_NAME, '')
		FROM information_schema.TABLES t LEFT JOIN information_schema.COLUMNS c
		  ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
		WHERE t.TABLE_SCHEMA = DATABASE()`)
	if err != nil {
		return nil, fmt.Errorf("schemapath: preflight: read tables and columns: %w", err)
	}
	defer rows.Close()
	cs := columnSet{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, fmt.Errorf("schemapath: preflight: %w", err)
		}
		if cs[key(table)] == nil {
			cs[key(table)] = map[string]bool{}
		}
		if col != "" {
			cs[key(table)][key(col)] = true
		}
	}
	return cs, rows.Err()
}

func key(name string) string { return strings.ToLower(name) }

func (cs columnSet) requireTable(t string) bool { _, ok := cs[key(t)]; return ok }

func (cs columnSet) column(t, c string) bool {
	cols, ok := cs[key(t)]
	return ok && (cols == nil || cols[key(c)])
}

var (
	ident        = "`?([A-Za-z0-9_]+)`?"
	stringLitRE  = regexp.MustCompile(`'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*"`)
	commentRE    = regexp.MustCompile(`(?m)^\s*--.*$`)
	createRE     = regexp.MustCompile(`(?i)^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?` + ident)
	renameRE     = regexp.MustCompile(`(?i)^\s*RENAME\s+TABLE\s+(IF\s+EXISTS\s+)?` + ident + `\s+TO\s+` + ident)
	dropTableRE  = regexp.MustCompile(`(?i)^\s*DROP\s+TABLE\s+(IF\s+EXISTS\s+)?` + ident)
	alterRE      = regexp.MustCompile(`(?i)^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?` + ident)
	tableRefRE   = regexp.MustCompile(`(?i)(?:^\s*UPDATE|\bALTER\s+TABLE|\bINSERT\s+(?:IGNORE\s+)?INTO|\bFROM|\bJOIN|\bREFERENCES|\bINDEX\s+\S+\s+ON)\s+` + ident + `(\s*\.)?`)
	addColRE     = regexp.MustCompile(`(?i)\bADD\s+COLUMN\s+(?:IF\s+NOT\s+EXISTS\s+)?` + ident)
	changeColRE  = regexp.MustCompile(`(?i)\bCHANGE\s+COLUMN\s+(IF\s+EXISTS\s+)?` + ident + `\s+` + ident)
	modifyColRE  = regexp.MustCompile(`(?i)\bMODIFY\s+COLUMN\s+(?:IF\s+EXISTS\s+)?` + ident)
	dropColRE    = regexp.MustCompile(`(?i)\bDROP\s+COLUMN\s+(IF\s+EXISTS\s+)?` + ident)
	notTableName = map[string]bool{"dual": true, "information_schema": true, "select": true}
)

// apply replays one statement on the simulated schema and returns what it
// needs and does not find ("table X", "column X.c").
func (cs columnSet) apply(stmt string) []string {
	stmt = stringLitRE.ReplaceAllString(commentRE.ReplaceAllString(stmt, ""), "''")
	var missing []string
	if m := createRE.FindStringSubmatch(stmt); m != nil {
		if !cs.requireTable(m[1]) {
			cs[key(m[1])] = nil
		}
		// a CREATE TABLE's REFERENCES still need their tables
		for _, r := range tableRefRE.FindAllStringSubmatch(stmt, -1) {
			if r[2] == "" && !notTableName[key(r[1])] && !cs.requireTable(r[1]) {
				missing = append(missing, "table "+r[1])
			}
		}
		return missing
	}
	if m := renameRE.FindStringSubmatch(stmt); m != nil {
		switch from, to := m[2], m[3]; {
		case cs.requireTable(from):
			cs[key(to)] = cs[key(from)]
			delete(cs, key(from))
		case m[1] == "" && !cs.requireTable(to):
			missing = append(missing, "table "+from)
		}
		return missing // RENAME TABLE IF EXISTS of an absent table does nothing
	}
	if m := dropTableRE.FindStringSubmatch(stmt); m != nil {
		if m[1] == "" && !cs.requireTable(m[2]) {
			missing = append(missing, "table "+m[2])
		}
		delete(cs, key(m[2]))
		return missing
	}
	for _, r := range tableRefRE.FindAllStringSubmatch(stmt, -1) {
		// ALTER TABLE IF EXISTS of an absent table does nothing (DS relies on it: t_ds_fav_task)
		if r[2] == "" && !notTableName[key(r[1])] && !cs.requireTable(r[1]) && key(r[1]) != "if" {
			missing = append(missing, "table "+r[1])
		}
	}
	if m := alterRE.FindStringSubmatch(stmt); m != nil && cs.requireTable(m[1]) {
		missing = append(missing, cs.alterColumns(m[1], stmt)...)
	}
	return missing
}

// alterColumns replays an ALTER TABLE's column clauses.
func (cs columnSet) alterColumns(table, stmt string) []string {
	var missing []string
	cols := cs[key(table)]
	if cols == nil { // created by an earlier step: columns not tracked
		return nil
	}
	for _, m := range addColRE.FindAllStringSubmatch(stmt, -1) {
		cols[key(m[1])] = true
	}
	for _, m := range modifyColRE.FindAllStringSubmatch(stmt, -1) {
		if !cols[key(m[1])] {
			missing = append(missing, "column "+table+"."+m[1])
		}
	}
	for _, m := range changeColRE.FindAllStringSubmatch(stmt, -1) {
		from, to := key(m[2]), key(m[3])
		switch {
		case cols[from]:
			delete(cols, from)
			cols[to] = true
		case !cols[to]: // neither the old name nor the new one (a rerun): missing
			missing = append(missing, "column "+table+"."+m[2])
		}
	}
	for _, m := range dropColRE.FindAllStringSubmatch(stmt, -1) {
		if m[1] == "" && !cols[key(m[2])] {
			missing = append(missing, "column "+table+"."+m[2])
		}
		delete(cols, key(m[2]))
	}
	return missing
}
