package schemapath_test

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// snapshot is a schema as information_schema describes it, one line per fact.
type snapshot struct {
	tables  map[string]string            // table → engine/collation
	columns map[string]map[string]string // table → column → type/null/default/collation/extra/comment
	order   map[string]string            // table → column names in ordinal order
	indexes map[string]map[string]string // table → index → unique + columns
	fks     map[string]map[string]string // table → foreign key → definition
}

func query(t *testing.T, db *sql.DB, q string, f func(cols []string)) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	n, _ := rows.Columns()
	for rows.Next() {
		raw := make([]sql.NullString, len(n))
		ptr := make([]any, len(n))
		for i := range raw {
			ptr[i] = &raw[i]
		}
		if err := rows.Scan(ptr...); err != nil {
			t.Fatal(err)
		}
		cols := make([]string, len(n))
		for i, r := range raw {
			if r.Valid {
				cols[i] = r.String
			} else {
				cols[i] = "<NULL>"
			}
		}
		f(cols)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// schemaOf reads the DS tables (everything but dsmigrate's own).
func schemaOf(t *testing.T, db *sql.DB) snapshot {
	t.Helper()
	s := snapshot{tables: map[string]string{}, columns: map[string]map[string]string{}, order: map[string]string{},
		indexes: map[string]map[string]string{}, fks: map[string]map[string]string{}}
	const notOurs = ` AND TABLE_NAME NOT LIKE 'dsmigrate\_%'`
	query(t, db, `SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`+notOurs, func(c []string) {
		s.tables[c[0]] = c[1] + " " + c[2]
	})
	query(t, db, `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, '<none>'), COALESCE(COLLATION_NAME, ''), EXTRA, COLUMN_COMMENT
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`+notOurs+` ORDER BY TABLE_NAME, ORDINAL_POSITION`, func(c []string) {
		if s.columns[c[0]] == nil {
			s.columns[c[0]] = map[string]string{}
		}
		s.columns[c[0]][c[1]] = fmt.Sprintf("type=%s null=%s default=%s collation=%s extra=%s comment=%q", c[2], c[3], c[4], c[5], c[6], c[7])
		if s.order[c[0]] != "" {
			s.order[c[0]] += ","
		}
		s.order[c[0]] += c[1]
	})
	query(t, db, `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(CONCAT(COLUMN_NAME, COALESCE(CONCAT('(', SUB_PART, ')'), '')) ORDER BY SEQ_IN_INDEX)
		FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()`+notOurs+` GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE`, func(c []string) {
		if s.indexes[c[0]] == nil {
			s.indexes[c[0]] = map[string]string{}
		}
		s.indexes[c[0]][c[1]] = "non_unique=" + c[2] + " (" + c[3] + ")"
	})
	query(t, db, `SELECT TABLE_NAME, CONSTRAINT_NAME, GROUP_CONCAT(CONCAT(COLUMN_NAME, '->', REFERENCED_TABLE_NAME, '.', REFERENCED_COLUMN_NAME) ORDER BY ORDINAL_POSITION)
		FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL`+notOurs+` GROUP BY TABLE_NAME, CONSTRAINT_NAME`, func(c []string) {
		if s.fks[c[0]] == nil {
			s.fks[c[0]] = map[string]string{}
		}
		s.fks[c[0]][c[1]] = c[2]
	})
	return s
}

// diffSchemas lists every difference as "kind table[.name]: a | b" lines.
func diffSchemas(a, b snapshot) []string {
	var out []string
	for _, tbl := range keys(a.tables, b.tables) {
		av, aok := a.tables[tbl]
		bv, bok := b.tables[tbl]
		switch {
		case !aok || !bok:
			out = append(out, fmt.Sprintf("table %s: %v | %v", tbl, aok, bok))
			continue
		case av != bv:
			out = append(out, fmt.Sprintf("table %s: %s | %s", tbl, av, bv))
		}
		for _, c := range keys(a.columns[tbl], b.columns[tbl]) {
			if x, y := a.columns[tbl][c], b.columns[tbl][c]; x != y {
				out = append(out, fmt.Sprintf("column %s.%s: %s | %s", tbl, c, x, y))
			}
		}
		if a.order[tbl] != b.order[tbl] {
			out = append(out, fmt.Sprintf("order %s: %s | %s", tbl, a.order[tbl], b.order[tbl]))
		}
		for _, i := range keys(a.indexes[tbl], b.indexes[tbl]) {
			if x, y := a.indexes[tbl][i], b.indexes[tbl][i]; x != y {
				out = append(out, fmt.Sprintf("index %s.%s: %s | %s", tbl, i, x, y))
			}
		}
		for _, i := range keys(a.fks[tbl], b.fks[tbl]) {
			if x, y := a.fks[tbl][i], b.fks[tbl][i]; x != y {
				out = append(out, fmt.Sprintf("fk %s.%s: %s | %s", tbl, i, x, y))
			}
		}
	}
	return out
}

func keys[V any](a, b map[string]V) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// tableData returns each row of a table as primary key → column → value.
func tableData(t *testing.T, db *sql.DB, table string, s snapshot) map[string]map[string]string {
	t.Helper()
	cols := strings.Split(s.order[table], ",")
	pk := "id"
	if _, ok := s.columns[table]["id"]; !ok {
		pk = cols[0]
		if idx, ok := s.indexes[table]["PRIMARY"]; ok {
			pk = idx[strings.Index(idx, "(")+1 : len(idx)-1]
		}
	}
	out := map[string]map[string]string{}
	query(t, db, "SELECT CONCAT_WS('|', "+quoteList(strings.Split(pk, ","))+"), "+quoteList(cols)+" FROM `"+table+"`", func(c []string) {
		row := map[string]string{}
		for i, name := range cols {
			row[name] = c[i+1]
		}
		out[c[0]] = row
	})
	return out
}

func quoteList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = "`" + c + "`"
	}
	return strings.Join(q, ", ")
}

// diffData returns "table.column" → number of rows that differ, plus
// "table.<rows>" for rows present on one side only.
func diffData(t *testing.T, a, b *sql.DB, s snapshot) map[string]int {
	t.Helper()
	out := map[string]int{}
	for tbl := range s.tables {
		if strings.HasPrefix(tbl, "QRTZ_") && tbl != "QRTZ_JOB_DETAILS" {
			continue
		}
		ra, rb := tableData(t, a, tbl, s), tableData(t, b, tbl, s)
		for _, k := range keys(ra, rb) {
			x, okx := ra[k]
			y, oky := rb[k]
			if !okx || !oky {
				out[tbl+".<rows>"]++
				continue
			}
			for c := range x {
				if x[c] != y[c] {
					out[tbl+"."+c]++
				}
			}
		}
	}
	return out
}

// loadFile feeds a SQL file to the mariadb client (used for DS's fresh 3.3.0 DDL).
func loadFile(t *testing.T, d *dbtest.DB, path string) {
	t.Helper()
	bin := testenv.Tool(t, "mariadb")
	host, port, ok := strings.Cut(d.Config.Addr, ":")
	if !ok {
		port = "3306"
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(bin, "--default-character-set=utf8mb4", "-h", host, "-P", port, "--protocol=TCP", "-u", d.Config.User, d.Name)
	cmd.Env = append(os.Environ(), "MYSQL_PWD="+d.Config.Passwd)
	cmd.Stdin = f
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("load %s: %v\n%s", path, err, out)
	}
}
