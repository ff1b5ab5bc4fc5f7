package dialect_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dsmigrate/dsmigrate/dialect"
	_ "github.com/dsmigrate/dsmigrate/dialect/mysql"
	"github.com/dsmigrate/dsmigrate/dialect/postgres"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// engines gives each test a scratch database on both real servers.
func engines(t *testing.T) map[string]*dbtest.DB {
	return map[string]*dbtest.DB{"mysql": dbtest.New(t), "postgres": dbtest.NewPG(t)}
}

func TestOfDetectsTheDriver(t *testing.T) {
	for want, db := range engines(t) {
		d, err := dialect.Of(context.Background(), db.SQL)
		if err != nil || d.Name() != want {
			t.Errorf("Of(%s pool) = %v, %v", want, d, err)
		}
	}
}

// TestPortableStatements runs the same statement text, quoted and rebound by
// each dialect, on both engines: quoting, placeholders, FirstIDs, Columns.
func TestPortableStatements(t *testing.T) {
	ctx := context.Background()
	for name, db := range engines(t) {
		d, _ := dialect.Get(name)
		db.Exec(t, d.Rebind("CREATE TABLE "+d.Quote("t_x")+" (id BIGINT PRIMARY KEY, "+d.Quote("grp")+" INT, name VARCHAR(40))"))
		for i := 1; i <= 70; i++ {
			db.Exec(t, d.Rebind("INSERT INTO "+d.Quote("t_x")+" (id, grp, name) VALUES (?, ?, ?)"), i, i%2, "it's ?")
		}
		var got string
		q := d.Rebind("SELECT " + d.FirstIDs("id", 50) + " FROM " + d.Quote("t_x") + " WHERE grp = ? GROUP BY grp")
		if err := db.SQL.QueryRowContext(ctx, q, 1).Scan(&got); err != nil {
			t.Fatalf("%s: %s: %v", name, q, err)
		}
		want := "1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47,49,51,53,55,57,59,61,63,65,67,69"
		if got != want {
			t.Errorf("%s FirstIDs = %q", name, got)
		}
		var odd string
		q = d.Rebind("SELECT " + d.FirstIDs("id", 3) + " FROM " + d.Quote("t_x") + " WHERE grp = ? GROUP BY grp")
		if err := db.SQL.QueryRowContext(ctx, q, 0).Scan(&odd); err != nil || odd != "2,4,6" {
			t.Errorf("%s FirstIDs(3) = %q, %v", name, odd, err)
		}
		cols, err := d.Columns(ctx, db.SQL)
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]int64{}
		for _, c := range cols {
			if c.Table == "t_x" {
				found[c.Name] = c.MaxBytes
			}
		}
		if len(found) != 3 || found["name"] < 40 {
			t.Errorf("%s Columns(t_x) = %v", name, found)
		}
		if cur, err := d.CurrentDatabase(ctx, db.SQL); err != nil || cur != db.Name {
			t.Errorf("%s CurrentDatabase = %q, %v", name, cur, err)
		}
	}
}

// TestSyncSequenceFollowsTheColumnDefault loads DS's real 2.0.9 PostgreSQL
// DDL: t_ds_command.id defaults to t_ds_command_id_sequence while an orphan
// t_ds_command_id_seq exists. After an explicit-id insert and SyncSequence,
// DS's next default insert must not collide.
func TestSyncSequenceFollowsTheColumnDefault(t *testing.T) {
	db := dbtest.NewPG(t)
	db.LoadDSPG(t, "")
	ctx := context.Background()
	seq, err := postgres.SequenceOf(ctx, db.SQL, "t_ds_command", "id")
	if err != nil || seq != "t_ds_command_id_sequence" {
		t.Fatalf("SequenceOf(t_ds_command.id) = %q, %v", seq, err)
	}
	var serial sql.NullString
	db.SQL.QueryRow("SELECT pg_get_serial_sequence('t_ds_command', 'id')").Scan(&serial)
	t.Logf("pg_get_serial_sequence says %q; the default uses %q", serial.String, seq)
	insert := func(id ...int64) error {
		if len(id) == 0 {
			_, err := db.SQL.Exec(`INSERT INTO t_ds_command (command_type, process_definition_code, executor_id) VALUES (0, 1, 1)`)
			return err
		}
		_, err := db.SQL.Exec(`INSERT INTO t_ds_command (id, command_type, process_definition_code, executor_id) VALUES ($1, 0, 1, 1)`, id[0])
		return err
	}
	if err := insert(); err != nil {
		t.Fatal(err)
	}
	if err := insert(2); err != nil {
		t.Fatal(err)
	}
	if err := insert(); err == nil {
		t.Fatal("without setval DS's next insert succeeded; the trap this guards against is gone")
	}
	d := postgres.Dialect{}
	if err := d.SyncSequence(ctx, db.SQL, "t_ds_command", "id"); err != nil {
		t.Fatal(err)
	}
	if err := insert(); err != nil {
		t.Fatalf("after SyncSequence: %v", err)
	}
	var maxID int64
	db.SQL.QueryRow("SELECT MAX(id) FROM t_ds_command").Scan(&maxID)
	if maxID != 3 {
		t.Errorf("max id %d, want 3", maxID)
	}
	// Never backwards: a second sync with the sequence ahead keeps it.
	db.Exec(t, "SELECT setval('t_ds_command_id_sequence', 100)")
	if err := d.SyncSequence(ctx, db.SQL, "t_ds_command", "id"); err != nil {
		t.Fatal(err)
	}
	var last int64
	db.SQL.QueryRow("SELECT last_value FROM t_ds_command_id_sequence").Scan(&last)
	if last != 100 {
		t.Errorf("sequence moved back to %d", last)
	}
}

// wrapped is a database/sql driver that hides the engine's driver type, as a
// tracing wrapper would: Of must still find the dialect (from version()).
type wrapped struct{ inner driver.Driver }

func (w wrapped) Open(name string) (driver.Conn, error) { return w.inner.Open(name) }

func TestOfWithAWrappedDriver(t *testing.T) {
	sql.Register("wrapped-mysql", wrapped{gomysql.MySQLDriver{}})
	sql.Register("wrapped-pgx", wrapped{stdlib.GetDefaultDriver()})
	my, pg := dbtest.New(t), dbtest.NewPG(t)
	for driverName, tc := range map[string]struct{ dsn, want string }{
		"wrapped-mysql": {my.DSN(), "mysql"}, "wrapped-pgx": {pg.DSN(), "postgres"},
	} {
		db, err := sql.Open(driverName, tc.dsn)
		if err != nil {
			t.Fatal(err)
		}
		d, err := dialect.Of(context.Background(), db)
		db.Close()
		if err != nil || d.Name() != tc.want {
			t.Errorf("Of(%s) = %v, %v; want %s", driverName, d, err, tc.want)
		}
	}
}
