package mysql

import (
	"strings"
	"testing"
)

func TestIsMariaDB(t *testing.T) {
	for v, want := range map[string]bool{
		"10.11.6-MariaDB-0+deb12u1": true, "5.5.5-10.6.16-MariaDB": true, "10.3.39-MariaDB-log": true,
		"8.0.36": false, "5.7.44-log": false, "8.0.35-0ubuntu0.22.04.1": false, "8.4.0-commercial": false,
	} {
		if IsMariaDB(v) != want {
			t.Errorf("IsMariaDB(%q) = %v", v, !want)
		}
	}
}

func TestLockName(t *testing.T) {
	if got := LockName("dolphinscheduler"); got != "dsmigrate:dolphinscheduler" {
		t.Errorf("short name changed: %q", got)
	}
	exact := strings.Repeat("a", MaxLockName-len("dsmigrate:"))
	if got := LockName(exact); got != "dsmigrate:"+exact {
		t.Errorf("a name of exactly 64 characters was hashed: %q", got)
	}
	seen := map[string]string{}
	for _, db := range []string{exact + "b", exact + "c", strings.Repeat("é", 60), strings.Repeat("x", 64)} {
		n := LockName(db)
		if len(n) > MaxLockName {
			t.Errorf("LockName(%q) = %q: %d bytes", db, n, len(n))
		}
		if other, dup := seen[n]; dup {
			t.Errorf("%q and %q share the lock %q", db, other, n)
		}
		seen[n] = db
	}
}
