// Package dbtest gives integration tests a scratch database on the real
// MariaDB started by scripts/db-up.sh (make test sets DSMIGRATE_TEST_DSN) or
// the real PostgreSQL started by scripts/pg-up.sh (DSMIGRATE_TEST_PG_DSN).
//
// Each call to New (NewPG) creates a fresh, uniquely named database and drops
// it when the test ends (set DSMIGRATE_KEEP_TEST_DB=1 to keep it for a
// post-mortem). Without the DSN variable the test is skipped, or failed under
// CI=true. DSMIGRATE_TEST_SQL_MODE, when set, is the session sql_mode of every
// MariaDB connection the tests open (make test-sqlmodes).
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
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/dsmigrate/dsmigrate/internal/dsn"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// DB is one scratch database.
type DB struct {
	Name   string        // database name
	Config *mysql.Config // MariaDB: connection to it (native form via Config.FormatDSN); nil on PostgreSQL
	PG     *PGConn       // PostgreSQL: connection to it; nil on MariaDB
	SQL    *sql.DB       // open pool on it
	setup  *sql.DB       // pool in the server's default sql_mode for Exec; nil when SQL is one
}

// Engine is "mysql" or "postgres" (the dialect's name).
func (d *DB) Engine() string {
	if d.PG != nil {
		return "postgres"
	}
	return "mysql"
}

// DSN returns the DSN of the scratch database (go-sql-driver form on
// MariaDB, postgres:// on PostgreSQL).
func (d *DB) DSN() string {
	if d.PG != nil {
		return d.PG.String()
	}
	return d.Config.FormatDSN()
}

// URL returns the mysql:// (postgres://) form of the scratch database's DSN.
func (d *DB) URL() string {
	if d.PG != nil {
		return d.PG.String()
	}
	u := fmt.Sprintf("mysql://%s:%s@%s/%s", d.Config.User, d.Config.Passwd, d.Config.Addr, d.Name)
	if m := d.Config.Params["sql_mode"]; m != "" {
		u += "?sql_mode=" + url.QueryEscape(m)
	}
	return u
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9_]+`)

// ServerConfig returns the server-level test connection, or skips/fails.
func ServerConfig(t testing.TB) *mysql.Config {
	t.Helper()
	raw := os.Getenv("DSMIGRATE_TEST_DSN")
	if raw == "" {
		if !testenv.InCI() {
			testenv.SayOnce("database tests SKIPPED: DSMIGRATE_TEST_DSN is not set; `make test` starts a throwaway MariaDB and sets it")
		}
		testenv.Unavailable(t, "DSMIGRATE_TEST_DSN is not set (run `make test`, which starts a throwaway MariaDB)")
	}
	cfg, err := dsn.Parse(raw)
	if err != nil {
		t.Fatalf("DSMIGRATE_TEST_DSN: %v", err)
	}
	if mode := os.Getenv("DSMIGRATE_TEST_SQL_MODE"); mode != "" {
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		cfg.Params["sql_mode"] = "'" + mode + "'" // sent as SET sql_mode=… on every connection
	}
	return cfg
}

// New creates an empty scratch database (utf8, like DS's own install docs).
func New(t testing.TB) *DB {
	t.Helper()
	server := ServerConfig(t)
	root := server.Clone()
	root.DBName = ""
	admin, err := sql.Open("mysql", root.FormatDSN())
	if err != nil {
		t.Fatalf("open test server: %v", err)
	}
	defer admin.Close()

	var buf [4]byte
	_, _ = rand.Read(buf[:])
	base := strings.ToLower(t.Name())
	base = unsafeChars.ReplaceAllString(base, "_")
	if len(base) > 40 {
		base = base[:40]
	}
	name := fmt.Sprintf("dsmt_%s_%s", base, hex.EncodeToString(buf[:]))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"` DEFAULT CHARACTER SET utf8 DEFAULT COLLATE utf8_general_ci"); err != nil {
		t.Fatalf("create scratch database: %v", err)
	}
	cfg := server.Clone()
	cfg.DBName = name
	cfg.MultiStatements = true
	pool, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatalf("open scratch database: %v", err)
	}
	var setup *sql.DB
	if _, moded := cfg.Params["sql_mode"]; moded {
		plain := cfg.Clone()
		delete(plain.Params, "sql_mode")
		if setup, err = sql.Open("mysql", plain.FormatDSN()); err != nil {
			t.Fatalf("open scratch database: %v", err)
		}
	}
	t.Cleanup(func() {
		pool.Close()
		if setup != nil {
			setup.Close()
		}
		if os.Getenv("DSMIGRATE_KEEP_TEST_DB") != "" {
			t.Logf("kept scratch database %s", name)
			return
		}
		a, err := sql.Open("mysql", root.FormatDSN())
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP DATABASE IF EXISTS `" + name + "`")
	})
	return &DB{Name: name, Config: cfg, SQL: pool, setup: setup}
}

// LoadDS loads DS's real 2.0.9 MySQL DDL from the reference pack into d and,
// when target is not empty, upgrades it with DS's own scripts up to target
// (e.g. "3.0.0", "3.3.0"), using the pack's load-and-upgrade.sh.
func (d *DB) LoadDS(t testing.TB, target string, extra ...string) {
	t.Helper()
	shared := testenv.SharedDir(t)
	testenv.Tool(t, "mariadb")
	args := []string{filepath.Join(shared, "dolphinscheduler", "load-and-upgrade.sh")}
	if target != "" {
		args = append(args, "--target", target)
	}
	args = append(args, extra...)
	d.runLoader(t, args)
}

// UpgradeDS upgrades d from the version in its t_ds_version row with DS's own
// scripts up to target, without reloading 2.0.9.
func (d *DB) UpgradeDS(t testing.TB, target string) {
	t.Helper()
	shared := testenv.SharedDir(t)
	d.runLoader(t, []string{filepath.Join(shared, "dolphinscheduler", "load-and-upgrade.sh"), "--no-init", "--target", target})
}

func (d *DB) runLoader(t testing.TB, args []string) {
	t.Helper()
	host, port, ok := strings.Cut(d.Config.Addr, ":")
	if !ok {
		port = "3306"
	}
	cmd := exec.Command("bash", args...)
	cmd.Env = append(os.Environ(),
		"MYSQL_HOST="+host, "MYSQL_PORT="+port, "MYSQL_USER="+d.Config.User,
		"MYSQL_PASSWORD="+d.Config.Passwd, "MYSQL_DATABASE="+d.Name)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// Setup is the pool Exec uses: the server's default sql_mode, for test
// statements written in MySQL's default syntax (== SQL when no
// DSMIGRATE_TEST_SQL_MODE is set).
func (d *DB) Setup() *sql.DB {
	if d.setup != nil {
		return d.setup
	}
	return d.SQL
}

// Exec runs test setup statements on d and fails the test on error. They
// are written in MySQL's default syntax (backslash escapes, "…" strings), so
// under DSMIGRATE_TEST_SQL_MODE they still run in the server's default mode:
// the mode is for the statements the tool sends (SQL, DSN, URL carry it).
func (d *DB) Exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := d.Setup().Exec(query, args...); err != nil {
		t.Fatalf("exec %q: %v", truncate(query, 200), err)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Checksums returns CHECKSUM TABLE … EXTENDED of every base table in d.
func Checksums(t testing.TB, d *DB) map[string]int64 { return ChecksumsLike(t, d, "%") }

// DSChecksums returns the checksums of DolphinScheduler's own tables
// (t_ds_*), leaving out dsmigrate's ledger.
func DSChecksums(t testing.TB, d *DB) map[string]int64 { return ChecksumsLike(t, d, `t\_ds\_%`) }

// ChecksumsLike returns the checksums of the base tables whose name is LIKE pattern.
func ChecksumsLike(t testing.TB, d *DB, pattern string) map[string]int64 {
	t.Helper()
	tables := tableNames(t, d, `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE ? ORDER BY TABLE_NAME`, pattern)
	sums := map[string]int64{}
	for _, name := range tables {
		var table string
		var sum sql.NullInt64
		if err := d.SQL.QueryRow("CHECKSUM TABLE `"+name+"` EXTENDED").Scan(&table, &sum); err != nil {
			t.Fatalf("checksum %s: %v", name, err)
		}
		sums[name] = sum.Int64
	}
	return sums
}

// tableNames runs query, which lists table names, and returns them.
func tableNames(t testing.TB, d *DB, query string, args ...any) []string {
	t.Helper()
	rows, err := d.SQL.Query(query, args...)
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("list tables: %v", err)
	}
	return tables
}
