package ledger_test

import (
	"context"
	"database/sql"
	"reflect"
	"testing"

	_ "github.com/go-sql-driver/mysql"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/ledger"
)

// generated loads the catalogue plus a generated dataset into a fresh database.
func generated(t *testing.T, seed int64, n int) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	ctx := context.Background()
	if err := fixtures.LoadLegacy(ctx, db.SQL); err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		if _, err := fixtures.Generate(ctx, db.SQL, fixtures.GenOptions{Instances: n, Commands: n, ErrorCommands: n / 20, Seed: seed}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// pool opens a pool of its own on db, as a second process would have.
func pool(t *testing.T, db *dbtest.DB) *sql.DB {
	t.Helper()
	p, err := sql.Open("mysql", db.DSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func upgrade(t *testing.T, db *dbtest.DB, opts backfill.Options) *backfill.Summary {
	t.Helper()
	sum, err := backfill.Run(context.Background(), db.SQL, opts)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	return sum
}

func rollback(t *testing.T, db *dbtest.DB, opts ledger.RollbackOptions) *ledger.RollbackSummary {
	t.Helper()
	sum, err := ledger.Rollback(context.Background(), db.SQL, opts)
	if err != nil {
		t.Fatalf("rollback: %v", err)
	}
	return sum
}

// sameTables fails when the DS tables differ from want (CHECKSUM TABLE … EXTENDED).
func sameTables(t *testing.T, db *dbtest.DB, want map[string]int64, what string) {
	t.Helper()
	got := dbtest.DSChecksums(t, db)
	if reflect.DeepEqual(got, want) {
		return
	}
	for table := range want {
		if got[table] != want[table] {
			t.Errorf("%s: %s differs", what, table)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d tables, want %d", what, len(got), len(want))
	}
}

func queryInt(t *testing.T, db *sql.DB, query string, args ...any) int64 {
	t.Helper()
	var n sql.NullInt64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n.Int64
}

func dsChecksums(t *testing.T, db *dbtest.DB) map[string]int64 { return dbtest.DSChecksums(t, db) }

func sqlOpen(dsn string) (*sql.DB, error) { return sql.Open("mysql", dsn) }
