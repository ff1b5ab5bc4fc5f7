// Package scripts_test checks the shell scripts of the throwaway MariaDB.
package scripts_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// TestDBUpBusyPort: with the port taken by another listener, db-up.sh gives up
// within seconds and says which port is busy and what to set.
func TestDBUpBusyPort(t *testing.T) {
	if _, err := exec.LookPath("mariadbd"); err != nil {
		if _, err := os.Stat("/usr/sbin/mariadbd"); err != nil {
			testenv.Unavailable(t, "mariadbd is not installed")
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(testenv.ModuleRoot(t), "scripts", "db-up.sh"))
	cmd.Env = append(os.Environ(), fmt.Sprintf("DSMIGRATE_DB_PORT=%d", port), "DSMIGRATE_DB_DIR="+t.TempDir())
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err == nil {
		t.Fatalf("db-up.sh succeeded on a busy port:\n%s", out)
	}
	if want := fmt.Sprintf("port %d is in use; set DSMIGRATE_DB_PORT", port); !strings.Contains(string(out), want) {
		t.Errorf("db-up.sh does not say %q:\n%s", want, out)
	}
	if took > 10*time.Second {
		t.Errorf("db-up.sh took %s to notice the busy port, want under 10 s", took.Round(time.Millisecond))
	}
}
