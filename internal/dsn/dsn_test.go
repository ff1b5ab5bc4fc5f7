package dsn

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in                         string
		user, pass, addr, db, net_ string
		param                      string // a go-sql-driver option that must survive
	}{
		{"mysql://ds:s3cret@db.example:3307/dolphinscheduler", "ds", "s3cret", "db.example:3307", "dolphinscheduler", "tcp", ""},
		{"mysql://ds:s3cret@db.example/dolphinscheduler", "ds", "s3cret", "db.example:3306", "dolphinscheduler", "tcp", ""},
		{"mysql://ds:p%40ss%3Aword@[::1]:3306/ds", "ds", "p@ss:word", "[::1]:3306", "ds", "tcp", ""},
		{"mysql://ds:x@h:1/ds?readTimeout=7s", "ds", "x", "h:1", "ds", "tcp", "readTimeout"},
		{"ds:s3cret@tcp(127.0.0.1:33306)/dolphinscheduler", "ds", "s3cret", "127.0.0.1:33306", "dolphinscheduler", "tcp", ""},
		{"root@unix(/run/mysqld.sock)/ds", "root", "", "/run/mysqld.sock", "ds", "unix", ""},
	}
	for _, tt := range tests {
		cfg, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", Redact(tt.in), err)
		}
		if cfg.User != tt.user || cfg.Passwd != tt.pass || cfg.Addr != tt.addr || cfg.DBName != tt.db || cfg.Net != tt.net_ {
			t.Errorf("Parse(%q) = user %q pass %q addr %q db %q net %q", Redact(tt.in), cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName, cfg.Net)
		}
		if !cfg.ParseTime {
			t.Errorf("Parse(%q): parseTime not set", tt.in)
		}
		if tt.param == "readTimeout" && cfg.ReadTimeout.Seconds() != 7 {
			t.Errorf("Parse(%q): readTimeout %v, want 7s", tt.in, cfg.ReadTimeout)
		}
	}
}

// TestErrorsNeverShowThePassword feeds malformed DSNs holding a password and
// checks that no error message repeats it.
func TestErrorsNeverShowThePassword(t *testing.T) {
	const pw = "Tr0ub4dor-pw"
	bad := []string{
		"mysql://ds:" + pw + "@host:notaport/ds",
		"mysql://ds:" + pw + "@host:3306/a/b",
		"mysql://ds:" + pw + "@host:3306/ds?readTimeout=banana",
		"mysql://ds:" + pw + "@ho st/ds",
		"ds:" + pw + "@tcp(host:3306)",
		"ds:" + pw + "@tcp(host:3306)/ds?readTimeout=banana",
		"postgres://ds:" + pw + "@host/ds",
		"",
	}
	for _, in := range bad {
		_, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", Redact(in))
			continue
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("error for %q leaks the password: %v", Redact(in), err)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := map[string]string{
		"mysql://ds:secret@h:3306/db": "mysql://ds:***@h:3306/db",
		"mysql://ds@h:3306/db":        "mysql://ds@h:3306/db",
		"ds:secret@tcp(h:3306)/db":    "ds:***@tcp(h:3306)/db",
		"ds:se@cret@tcp(h:3306)/db":   "ds:***@tcp(h:3306)/db",
		"mysql://ds:se@cret@h/db":     "mysql://ds:***@h/db",
		"root@unix(/tmp/s)/db":        "root@unix(/tmp/s)/db",
	}
	for in, want := range tests {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzRedactHidesPassword(f *testing.F) {
	f.Add("ds", "secret", "h:3306", "db")
	f.Add("a", "p@ss", "[::1]:1", "x")
	f.Fuzz(func(t *testing.T, user, pass, addr, db string) {
		// Passwords under 4 bytes are not searched for (see redactErr).
		// The redacted text itself must not happen to contain the password.
		skeleton := "mysql://" + user + ":***@tcp(" + addr + ")/" + db + " ***@" + addr + "/" + db
		if len(pass) < 6 || strings.Contains(pass, " ") || strings.ContainsAny(user+addr+db, "@:/?# ") || strings.Contains(skeleton, pass) {
			return
		}
		for _, in := range []string{user + ":" + pass + "@tcp(" + addr + ")/" + db, "mysql://" + user + ":" + pass + "@" + addr + "/" + db} {
			if strings.Contains(Redact(in), pass) {
				t.Fatalf("Redact(%q) = %q still holds the password", in, Redact(in))
			}
			// The message may quote the redacted DSN; look for the password elsewhere.
			if _, err := Parse(in); err != nil && strings.Contains(strings.ReplaceAll(err.Error(), Redact(in), "<dsn>"), pass) {
				t.Fatalf("Parse error leaks the password: %v", err)
			}
		}
	})
}

// The driver asks the server for max_allowed_packet unless the DSN sets it,
// so a large batch statement is sent in pieces, not dropped by the server.
func TestParseAsksServerForMaxAllowedPacket(t *testing.T) {
	for in, want := range map[string]int{
		"u:p@tcp(h:3306)/db":                          0,
		"mysql://u:p@h/db":                            0,
		"u:p@tcp(h:3306)/db?maxAllowedPacket=1048576": 1048576,
		"mysql://u:p@h/db?maxAllowedPacket=2097152":   2097152,
	} {
		cfg, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.MaxAllowedPacket != want {
			t.Errorf("%s: MaxAllowedPacket %d, want %d", in, cfg.MaxAllowedPacket, want)
		}
	}
}
