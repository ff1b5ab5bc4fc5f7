package dsn

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgKeyValue matches the start of libpq's key=value form (host=… user=…).
var pgKeyValue = regexp.MustCompile(`^[A-Za-z_]+\s*=`)

// pgPassword matches a password setting in the key=value form or a URL query.
var pgPassword = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)`)

// IsPostgres reports whether s is a PostgreSQL DSN: postgres://,
// postgresql:// or the key=value form.
func IsPostgres(s string) bool {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") ||
		(pgKeyValue.MatchString(s) && !strings.Contains(s, "@tcp(") && !strings.Contains(s, "@unix("))
}

// ParsePostgres reads a PostgreSQL DSN (URL or key=value) with pgx. Errors
// never hold the password: pgx's own message quotes the input, so only its
// reason is kept, and every password found in the input is scrubbed from it.
func ParsePostgres(s string) (*pgx.ConnConfig, error) {
	s = strings.TrimSpace(s)
	cfg, err := pgx.ParseConfig(s)
	if err != nil {
		return nil, fmt.Errorf("invalid PostgreSQL DSN %s: %s", Redact(s), pgReason(err, s))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if !strings.Contains(s, "default_query_exec_mode") {
		// No per-connection statement cache: a cached plan breaks with
		// "cached plan must not change result type" once DS's scripts alter
		// a table the pool has read, and the unnamed statement still takes
		// one round trip.
		cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	}
	return cfg, nil
}

// pgReason is pgx's parse error without the input it quotes and without any
// password of the input.
func pgReason(err error, raw string) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "`: "); i >= 0 && strings.HasPrefix(msg, "cannot parse `") {
		msg = msg[i+3:]
	}
	for _, pw := range pgPasswords(raw) {
		if len(pw) >= 4 {
			msg = strings.ReplaceAll(msg, pw, "***")
		}
	}
	return msg
}

// pgPasswords returns the password-looking parts of a PostgreSQL DSN: the
// URL's user info password and every password= value.
func pgPasswords(raw string) []string {
	var out []string
	for _, m := range pgPassword.FindAllStringSubmatch(raw, -1) {
		out = append(out, strings.Trim(m[2], "'"))
	}
	if i := strings.Index(raw, "://"); i > 0 {
		rest := raw[i+3:]
		if at := strings.LastIndex(rest, "@"); at > 0 {
			if c := strings.Index(rest[:at], ":"); c >= 0 {
				out = append(out, rest[c+1:at])
			}
		}
	}
	return out
}

// redactPostgres hides password= values (key=value form, URL query).
func redactPostgres(s string) string {
	return pgPassword.ReplaceAllString(s, "${1}***")
}

// DisplayPostgres renders a pgx config for humans, never the password.
func DisplayPostgres(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("postgres %s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// ScrubPassword removes password from an error message (no-op under 4 bytes,
// which would garble ordinary words).
func ScrubPassword(err error, password string) error {
	if err == nil || len(password) < 4 || !strings.Contains(err.Error(), password) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), password, "***"))
}
