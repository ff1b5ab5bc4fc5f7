package dsn

import (
	"strings"
	"testing"
)

func TestParseTargetPicksTheEngine(t *testing.T) {
	tests := []struct {
		in, dialect, user, pass, host, db string
		port                              uint16
	}{
		{"mysql://ds:s3cret@h:3307/dolphinscheduler", "mysql", "ds", "s3cret", "h:3307", "dolphinscheduler", 0},
		{"ds:s3cret@tcp(127.0.0.1:33306)/ds", "mysql", "ds", "s3cret", "127.0.0.1:33306", "ds", 0},
		{"postgres://ds:s3cret@db.example:5433/dolphinscheduler?sslmode=disable", "postgres", "ds", "s3cret", "db.example", "dolphinscheduler", 5433},
		{"postgresql://ds:p%40ss@127.0.0.1/ds?sslmode=disable", "postgres", "ds", "p@ss", "127.0.0.1", "ds", 5432},
		{"host=127.0.0.1 port=55432 user=ds password='a b' dbname=dolphinscheduler sslmode=disable", "postgres", "ds", "a b", "127.0.0.1", "dolphinscheduler", 55432},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		if err != nil {
			t.Fatalf("ParseTarget(%q): %v", Redact(tt.in), err)
		}
		if got.Dialect != tt.dialect || got.Database() != tt.db {
			t.Errorf("ParseTarget(%q) = %s db %q, want %s db %q", Redact(tt.in), got.Dialect, got.Database(), tt.dialect, tt.db)
		}
		if got.Postgres != nil {
			c := got.Postgres
			if c.User != tt.user || c.Password != tt.pass || c.Host != tt.host || c.Port != tt.port {
				t.Errorf("ParseTarget(%q) = %s:%s@%s:%d", Redact(tt.in), c.User, c.Password, c.Host, c.Port)
			}
		} else if got.MySQL.User != tt.user || got.MySQL.Passwd != tt.pass || got.MySQL.Addr != tt.host {
			t.Errorf("ParseTarget(%q) = %s@%s", Redact(tt.in), got.MySQL.User, got.MySQL.Addr)
		}
		if strings.Contains(got.Display(), tt.pass) {
			t.Errorf("Display(%q) = %q shows the password", Redact(tt.in), got.Display())
		}
	}
}

func TestPostgresErrorsNeverShowThePassword(t *testing.T) {
	const pw = "Tr0ub4dor-pw"
	bad := []string{
		"postgres://ds:" + pw + "@host:notaport/ds",
		"postgres://ds:" + pw + "@host:5432/ds?sslmode=banana",
		"postgresql://ds:" + pw + "@ho st/ds",
		"host=h user=ds password=" + pw + " port=banana",
		"host=h user=ds password='" + pw + "' sslmode=banana",
		"host=h user=ds password=" + pw + " dbname='unterminated",
	}
	for _, in := range bad {
		_, err := ParseTarget(in)
		if err == nil {
			t.Errorf("ParseTarget(%q) succeeded, want an error", Redact(in))
			continue
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("error for %q leaks the password: %v", Redact(in), err)
		}
	}
}

func TestRedactPostgres(t *testing.T) {
	tests := map[string]string{
		"postgres://ds:secret@h:5432/db":                     "postgres://ds:***@h:5432/db",
		"postgresql://ds@h/db?password=secret&sslmode=false": "postgresql://ds@h/db?password=***&sslmode=false",
		"host=h user=ds password=secret dbname=db":           "host=h user=ds password=*** dbname=db",
		"host=h password='se cret' dbname=db":                "host=h password=*** dbname=db",
		"host=h sslpassword=secret dbname=db":                "host=h sslpassword=*** dbname=db",
	}
	for in, want := range tests {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMySQLParseRefusesPostgres(t *testing.T) {
	if _, err := Parse("host=h user=ds password=secret dbname=db"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("Parse(key=value) = %v, want a refusal without the password", err)
	}
}
