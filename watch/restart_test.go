package watch_test

import (
	"context"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/testenv"
	"github.com/dsmigrate/dsmigrate/watch"
)

// TestWatchSurvivesADatabaseRestart runs watch against a MariaDB of its own
// (own port and datadir, started and stopped with the repository's scripts),
// stops the server in the middle, starts it again, and checks that watch
// counted the failed rounds, kept going, found the stuck instances again
// after the restart, and stopped cleanly when its context ended.
func TestWatchSurvivesADatabaseRestart(t *testing.T) {
	testenv.Tool(t, "mariadb")
	dir := t.TempDir()
	port := freePort(t)
	dbScript(t, dir, port, "db-up.sh")
	t.Cleanup(func() { dbScript(t, dir, port, "db-down.sh", "--purge") })
	t.Setenv("DSMIGRATE_TEST_DSN", "dsmigrate:dsmigrate-local@tcp(127.0.0.1:"+port+")/")
	db := dsCluster(t, liveCluster)

	m := watch.NewMetrics()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- watch.Run(ctx, db.SQL, watch.Options{Interval: 200 * time.Millisecond, Grace: time.Minute,
			MinBackoff: 100 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, Metrics: m,
			Logger: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	}()
	waitFor(t, "a first round", func() bool { return metric(t, m, "dsmigrate_check_duration_seconds_count") >= 1 })
	if got := metric(t, m, "dsmigrate_stuck_failover_instances"); got != 2 {
		t.Fatalf("stuck instances before the restart: %v", got)
	}

	dbScript(t, dir, port, "db-down.sh")
	waitFor(t, "failed rounds while the database is down", func() bool { return metric(t, m, "dsmigrate_check_errors_total") >= 2 })
	if h := scrape(t, m, "/healthz"); !strings.HasPrefix(h, "failing") {
		t.Errorf("/healthz while the database is down: %q", h)
	}
	rounds := metric(t, m, "dsmigrate_check_duration_seconds_count")

	dbScript(t, dir, port, "db-up.sh")
	waitFor(t, "a round after the restart", func() bool { return metric(t, m, "dsmigrate_check_duration_seconds_count") > rounds })
	if got := metric(t, m, "dsmigrate_stuck_failover_instances"); got != 2 {
		t.Errorf("stuck instances after the restart: %v", got)
	}
	if h := scrape(t, m, "/healthz"); !strings.HasPrefix(h, "ok") {
		t.Errorf("/healthz after the restart: %q", h)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop within 5 s of its context ending")
	}
}

// dbScript runs scripts/<name> for the test's own server.
func dbScript(t *testing.T, dir, port, name string, args ...string) {
	t.Helper()
	script := filepath.Join(testenv.ModuleRoot(t), "scripts", name)
	cmd := exec.Command("bash", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), "DSMIGRATE_DB_DIR="+dir, "DSMIGRATE_DB_PORT="+port)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// metric reads one unlabelled sample from /metrics (-1 when absent).
func metric(t *testing.T, m *watch.Metrics, name string) float64 {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`)
	match := re.FindStringSubmatch(scrape(t, m, "/metrics"))
	if match == nil {
		return -1
	}
	v, err := strconv.ParseFloat(match[1], 64)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// testWriter sends watch's log lines to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
