package schemapath_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/migrations"
	"github.com/dsmigrate/dsmigrate/schemapath"
)

// TestApplyFrom209 runs the whole path on DS's real 2.0.9 DDL, then again
// (nothing pending, no change).
func TestApplyFrom209(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "")
	ctx := context.Background()
	pending, err := schemapath.Pending(ctx, db.SQL)
	if err != nil || len(pending) == 0 {
		t.Fatalf("pending on 2.0.9: %d, %v", len(pending), err)
	}
	if err := schemapath.Apply(ctx, db.SQL, schemapath.Options{}); err != nil {
		t.Fatal(err)
	}
	var v string
	db.SQL.QueryRow("SELECT version FROM t_ds_version").Scan(&v)
	if v != schemapath.Target {
		t.Fatalf("t_ds_version = %q", v)
	}
	if err := schemapath.Apply(ctx, db.SQL, schemapath.Options{}); err != nil {
		t.Fatalf("second Apply: %v", err)
	}
	st, err := migrations.SchemaPath.State(ctx, db.SQL)
	if err != nil || st.Pending() || st.Dirty {
		t.Fatalf("state %+v %v", st, err)
	}
}

// TestEveryFileTwice runs each file a second time right after it was applied
// (what a rerun after a crash between the statement and the version bump
// does), for the whole path, and requires DS's 3.3.0 schema at the end.
func TestEveryFileTwice(t *testing.T) {
	ctx := context.Background()
	files, err := migrations.SchemaPath.Files()
	if err != nil {
		t.Fatal(err)
	}
	body := map[uint]string{}
	for _, f := range files {
		body[f.Version] = f.Body
	}
	db, want := dbtest.New(t), dbtest.New(t)
	db.LoadDS(t, "")
	want.LoadDS(t, "3.3.0")
	again := 0
	err = schemapath.Apply(ctx, db.SQL, schemapath.Options{BeforeStep: func(s schemapath.Step) error {
		if b, ok := body[s.Version-1]; ok {
			if _, err := db.Setup().ExecContext(ctx, b); err != nil { // the files' own quoting, as Apply runs them
				t.Errorf("file %d run twice: %v", s.Version-1, err)
			}
			again++
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if again != len(files)-1 {
		t.Errorf("%d files run twice, want %d", again, len(files)-1)
	}
	if d := diffSchemas(schemaOf(t, want.SQL), schemaOf(t, db.SQL)); len(d) > 0 {
		t.Errorf("schema differs from DS's path:\n%s", strings.Join(d, "\n"))
	}
}

// TestFilesAreSingleGuardedStatements checks the rules every file follows.
func TestFilesAreSingleGuardedStatements(t *testing.T) {
	files, err := migrations.SchemaPath.Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 || files[0].Version != 1 || files[len(files)-1].Version != uint(len(files)) {
		t.Fatalf("versions must run 1..n without gaps")
	}
	if last := files[len(files)-1]; !strings.Contains(last.Body, "UPDATE t_ds_version SET version = '3.3.0'") {
		t.Errorf("the last file must stamp t_ds_version: %s", last.Name)
	}
	for _, f := range files {
		sqlText := strings.TrimSpace(stripComments(f.Body))
		if strings.Count(strings.TrimSuffix(sqlText, ";"), ";\n") > 0 {
			t.Errorf("%s: more than one statement", f.Name)
		}
		up := strings.ToUpper(sqlText)
		switch {
		case strings.HasPrefix(up, "ALTER TABLE"):
			for _, clause := range []string{"ADD COLUMN ", "ADD INDEX ", "ADD UNIQUE KEY ", "DROP COLUMN ", "DROP INDEX ", "CHANGE COLUMN ", "MODIFY COLUMN ", "RENAME INDEX ", "DROP FOREIGN KEY "} {
				for _, part := range strings.Split(up, clause)[1:] {
					if !strings.HasPrefix(part, "IF ") {
						t.Errorf("%s: unguarded %s", f.Name, clause)
					}
				}
			}
			if strings.Contains(up, "FOREIGN KEY (") {
				t.Errorf("%s: unguarded ADD FOREIGN KEY", f.Name)
			}
		case strings.HasPrefix(up, "CREATE TABLE"), strings.HasPrefix(up, "CREATE INDEX"):
			if !strings.Contains(up[:40], "IF NOT EXISTS") {
				t.Errorf("%s: unguarded CREATE", f.Name)
			}
		case strings.HasPrefix(up, "RENAME TABLE"), strings.HasPrefix(up, "DROP TABLE"):
			if !strings.Contains(up[:30], "IF EXISTS") {
				t.Errorf("%s: unguarded %s", f.Name, up[:12])
			}
		case strings.HasPrefix(up, "INSERT IGNORE"), strings.HasPrefix(up, "INSERT INTO T_DS_TENANT"),
			strings.HasPrefix(up, "UPDATE"), up == "DO 0":
		default:
			t.Errorf("%s: unexpected statement %.40s", f.Name, sqlText)
		}
	}
}

func stripComments(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
