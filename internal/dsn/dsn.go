// Package dsn turns the connection strings an operator types into a driver
// configuration (go-sql-driver/mysql or pgx), and renders them without
// passwords.
//
// MySQL/MariaDB forms:
//
//	mysql://user:pass@host:3306/dolphinscheduler?tls=skip-verify
//	user:pass@tcp(host:3306)/dolphinscheduler?parseTime=true   (go-sql-driver native)
//
// PostgreSQL forms (ParseTarget, ParsePostgres):
//
//	postgres://user:pass@host:5432/dolphinscheduler?sslmode=disable   (or postgresql://)
//	host=db user=ds password=… dbname=dolphinscheduler                (libpq key=value)
//
// Errors never contain the password: parse errors of net/url echo the whole
// input, so they are replaced by our own messages.
package dsn

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Parse reads a DSN in either accepted form and returns the driver config
// with the settings dsmigrate relies on (timestamps as time.Time in UTC; the
// driver's default connection charset is already utf8mb4).
func Parse(s string) (*mysql.Config, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("no database given: pass --dsn or set DSMIGRATE_DSN (e.g. mysql://user:pass@host:3306/dolphinscheduler)")
	}
	var cfg *mysql.Config
	var err error
	switch {
	case strings.HasPrefix(s, "mysql://") || strings.HasPrefix(s, "mariadb://"):
		cfg, err = parseURL(s)
	case IsPostgres(s):
		return nil, fmt.Errorf("%s is a PostgreSQL DSN; this needs a MySQL/MariaDB one", Redact(s))
	case strings.Contains(s, "://"):
		scheme := s[:strings.Index(s, "://")]
		return nil, fmt.Errorf("unsupported DSN scheme %q: use mysql://user:pass@host:port/db or a go-sql-driver DSN", scheme)
	default:
		cfg, err = mysql.ParseDSN(s)
		if err != nil {
			return nil, fmt.Errorf("invalid go-sql-driver DSN %s: %s", Redact(s), redactErr(err, cfg, s))
		}
	}
	if err != nil {
		return nil, err
	}
	applyDefaults(cfg)
	return cfg, nil
}

func parseURL(s string) (*mysql.Config, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("invalid DSN URL %s: expected mysql://user:pass@host:port/db", Redact(s))
	}
	cfg := mysql.NewConfig()
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	host := u.Host
	if host == "" {
		host = "127.0.0.1"
	}
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(strings.Trim(host, "[]"), "3306")
	}
	cfg.Net = "tcp"
	cfg.Addr = host
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if strings.Contains(cfg.DBName, "/") {
		return nil, fmt.Errorf("invalid DSN URL %s: the path must be a single database name", Redact(s))
	}
	// Query parameters use go-sql-driver's names; let it validate them.
	if u.RawQuery != "" {
		probe, err := mysql.ParseDSN("/?" + u.RawQuery)
		if err != nil {
			return nil, fmt.Errorf("invalid DSN parameters in %s: %v", Redact(s), err)
		}
		copyParams(cfg, probe)
	}
	return cfg, nil
}

// copyParams carries over the options go-sql-driver parsed from a query string.
func copyParams(dst, src *mysql.Config) {
	user, pass, nett, addr, db := dst.User, dst.Passwd, dst.Net, dst.Addr, dst.DBName
	*dst = *src.Clone()
	dst.User, dst.Passwd, dst.Net, dst.Addr, dst.DBName = user, pass, nett, addr, db
}

func applyDefaults(cfg *mysql.Config) {
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	// One round trip per statement instead of prepare+execute+close: the
	// multi-row statements of a batch were ~1.6x faster with it (make bench).
	cfg.InterpolateParams = true
	// Ask the server for its max_allowed_packet instead of assuming the
	// driver's 64 MiB: a larger batch statement then fails with "packet for
	// query is too large" (which dsmigrate explains), not a reset connection.
	if cfg.MaxAllowedPacket == mysql.NewConfig().MaxAllowedPacket {
		cfg.MaxAllowedPacket = 0
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
}

// Redact returns s with any password replaced by "***", for either DSN form.
// It finds the credentials the way the parsers do: in a URL, everything up to
// the last '@' (an '@' in the query over-redacts, the safe way); in a native DSN, up to the last '@' before
// the last '/' (go-sql-driver's rule).
func Redact(s string) string {
	s = strings.TrimSpace(s)
	if IsPostgres(s) {
		s = redactPostgres(s)
		if !strings.Contains(s, "://") {
			return s
		}
	}
	start, end := 0, len(s)
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		start = i + 3
	} else if slash := strings.LastIndex(s, "/"); slash >= 0 {
		end = slash
	}
	at := strings.LastIndex(s[start:end], "@")
	if at < 0 {
		return s
	}
	at += start
	cred := s[start:at]
	if c := strings.Index(cred, ":"); c >= 0 {
		cred = cred[:c] + ":***"
	}
	return s[:start] + cred + s[at:]
}

// isScheme reports the URL schemes Redact treats as URLs; anything else is
// redacted as a native DSN (which hides everything after the first ':').
func isScheme(s string) bool {
	switch strings.ToLower(s) {
	case "mysql", "mariadb", "postgres", "postgresql":
		return true
	}
	return false
}

// Display renders a config for humans: user@addr/db, never the password.
func Display(cfg *mysql.Config) string {
	return fmt.Sprintf("%s@%s(%s)/%s", cfg.User, cfg.Net, cfg.Addr, cfg.DBName)
}

// redactErr strips a password that a driver error might echo back. Very short
// passwords (under 4 bytes) are not searched for: replacing them would garble
// ordinary words of the message.
func redactErr(err error, cfg *mysql.Config, raw string) string {
	msg := err.Error()
	if cfg != nil && len(cfg.Passwd) >= 4 {
		msg = strings.ReplaceAll(msg, cfg.Passwd, "***")
	}
	if at := strings.LastIndex(raw, "@"); at > 0 {
		if c := strings.Index(raw[:at], ":"); c >= 0 && at-c-1 >= 4 {
			msg = strings.ReplaceAll(msg, raw[c+1:at], "***")
		}
	}
	return msg
}

// Scrub removes the password of cfg from any error message, for errors that
// come back from the server or the network layer.
func Scrub(err error, cfg *mysql.Config) error {
	if err == nil || cfg == nil || cfg.Passwd == "" {
		return err
	}
	msg := err.Error()
	if !strings.Contains(msg, cfg.Passwd) {
		return err
	}
	return errors.New(strings.ReplaceAll(msg, cfg.Passwd, "***"))
}
