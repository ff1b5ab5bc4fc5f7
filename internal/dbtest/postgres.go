package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the database/sql driver "pgx"

	"github.com/dsmigrate/dsmigrate/dialect/postgres"

	"github.com/dsmigrate/dsmigrate/internal/dsn"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// PGConn is a postgres:// DSN split into what the tests need.
type PGConn struct{ u *url.URL }

func (p *PGConn) String() string { return p.u.String() }

// User and Password of the connection.
func (p *PGConn) User() string { return p.u.User.Username() }

func (p *PGConn) Password() string { pw, _ := p.u.User.Password(); return pw }

// HostPort is host and port (port 5432 when the DSN gives none).
func (p *PGConn) HostPort() (string, string) {
	port := p.u.Port()
	if port == "" {
		port = "5432"
	}
	return p.u.Hostname(), port
}

// withDatabase returns a copy naming another database.
func (p *PGConn) withDatabase(name string) *PGConn {
	u := *p.u
	u.Path = "/" + name
	return &PGConn{u: &u}
}

// PGServer returns the server-level PostgreSQL test connection
// (DSMIGRATE_TEST_PG_DSN, a postgres:// URL), or skips/fails.
func PGServer(t testing.TB) *PGConn {
	t.Helper()
	raw := os.Getenv("DSMIGRATE_TEST_PG_DSN")
	if raw == "" {
		testenv.Unavailable(t, "DSMIGRATE_TEST_PG_DSN is not set (run `make test`, which starts a throwaway PostgreSQL)")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("DSMIGRATE_TEST_PG_DSN must be a postgres:// URL")
	}
	return &PGConn{u: u}
}

// NewPG creates an empty scratch database (UTF8) on the test PostgreSQL.
func NewPG(t testing.TB) *DB {
	t.Helper()
	server := PGServer(t)
	admin, err := sql.Open("pgx", server.String())
	if err != nil {
		t.Fatalf("open test PostgreSQL: %v", err)
	}
	defer admin.Close()
	var buf [4]byte
	_, _ = rand.Read(buf[:])
	base := unsafeChars.ReplaceAllString(strings.ToLower(t.Name()), "_")
	if len(base) > 40 {
		base = base[:40]
	}
	name := fmt.Sprintf("dsmt_%s_%s", base, hex.EncodeToString(buf[:]))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE "`+name+`" TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
		t.Fatalf("create scratch database: %v", err)
	}
	conn := server.withDatabase(name)
	cfg, err := dsn.ParsePostgres(conn.String()) // the tool's own connection settings
	if err != nil {
		t.Fatalf("scratch database DSN: %v", err)
	}
	pool := postgres.OpenDB(*cfg)
	t.Cleanup(func() {
		pool.Close()
		if os.Getenv("DSMIGRATE_KEEP_TEST_DB") != "" {
			t.Logf("kept scratch database %s", name)
			return
		}
		a, err := sql.Open("pgx", server.String())
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`)
	})
	return &DB{Name: name, PG: conn, SQL: pool}
}

// LoadDSPG loads DS's real 2.0.9 PostgreSQL DDL into d and, when target is
// not empty, upgrades it with DS's own PostgreSQL scripts up to target, using
// the pack's load-and-upgrade.sh --db postgresql.
func (d *DB) LoadDSPG(t testing.TB, target string, extra ...string) {
	t.Helper()
	shared := testenv.SharedDir(t)
	testenv.Tool(t, "psql")
	args := []string{filepath.Join(shared, "dolphinscheduler", "load-and-upgrade.sh"), "--db", "postgresql"}
	if target != "" {
		args = append(args, "--target", target)
	}
	args = append(args, extra...)
	host, port := d.PG.HostPort()
	cmd := exec.Command("bash", args...)
	cmd.Env = append(os.Environ(), "PGHOST="+host, "PGPORT="+port, "PGUSER="+d.PG.User(),
		"PGPASSWORD="+d.PG.Password(), "PGDATABASE="+d.Name)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// UpgradeDSPG upgrades d from the version in its t_ds_version row with DS's
// own PostgreSQL scripts up to target, without reloading 2.0.9.
func (d *DB) UpgradeDSPG(t testing.TB, target string) {
	t.Helper()
	d.LoadDSPG(t, target, "--no-init")
}

// PGTableDigests returns, per DS table (t_ds_*, qrtz_*) of a PostgreSQL
// database, the md5 of its rows' text forms ordered by the whole row: equal
// digests mean byte-identical tables.
func PGTableDigests(t testing.TB, d *DB) map[string]string {
	t.Helper()
	tables := tableNames(t, d, `SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND (table_name LIKE 't\_ds\_%' OR table_name LIKE 'qrtz\_%') ORDER BY table_name`)
	out := map[string]string{}
	for _, table := range tables {
		var sum sql.NullString
		q := `SELECT md5(COALESCE(string_agg(x.r, E'\n' ORDER BY x.r), '')) FROM (SELECT t::text AS r FROM "` + table + `" t) x`
		if err := d.SQL.QueryRow(q).Scan(&sum); err != nil {
			t.Fatalf("digest %s: %v", table, err)
		}
		out[table] = sum.String
	}
	return out
}
