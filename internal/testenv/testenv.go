// Package testenv finds what integration tests need outside the repository:
// the ../shared reference pack (DS schema files, the Jackson oracle) and tools.
//
// Outside CI a missing piece skips the test with a message; under CI=true it
// fails the test, so CI can never pass by skipping.
package testenv

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// InCI reports whether the tests run under CI (CI=true).
func InCI() bool { return os.Getenv("CI") == "true" }

// Unavailable skips t outside CI and fails it under CI=true.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true but "+format, args...)
	}
	t.Skipf("skipped: "+format, args...)
}

// ModuleRoot returns the directory holding go.mod, searching upwards from the
// working directory of the test.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the test directory")
		}
		dir = parent
	}
}

// SharedDir returns the reference pack directory: $DSMIGRATE_SHARED, else
// ../shared next to the module root.
func SharedDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("DSMIGRATE_SHARED")
	if dir == "" {
		dir = filepath.Join(filepath.Dir(ModuleRoot(t)), "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "dolphinscheduler", "load-and-upgrade.sh")); err != nil {
		Unavailable(t, "the reference pack is not at %s (set DSMIGRATE_SHARED)", dir)
	}
	return dir
}

// Tool returns the path of an executable on PATH, or skips/fails.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Unavailable(t, "%s is not on PATH", name)
	}
	return p
}

// BuildCLI compiles cmd/dsmigrate into a temporary directory and returns
// the binary's path, for tests that run (and kill) the real process.
func BuildCLI(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dsmigrate")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/dsmigrate")
	cmd.Dir = ModuleRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build dsmigrate: %v\n%s", err, out)
	}
	return bin
}

// CrashRand returns the random source of a kill schedule, seeded from
// DSMIGRATE_CRASH_SEED or the clock; the seed is logged so a failure can be
// rerun (kill times also depend on the machine's speed).
func CrashRand(t testing.TB) *rand.Rand {
	t.Helper()
	seed := time.Now().UnixNano()
	if s := os.Getenv("DSMIGRATE_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Logf("kill schedule seed %d (rerun with DSMIGRATE_CRASH_SEED=%d)", seed, seed)
	return rand.New(rand.NewPCG(uint64(seed), 0))
}

// KillAfter runs bin with args and sends it SIGKILL after delay if it still
// runs. It reports whether the kill landed; otherwise the process's own exit
// error (nil on exit 0) and its stderr.
func KillAfter(bin string, delay time.Duration, args ...string) (killed bool, stderr string, err error) {
	cmd := exec.Command(bin, args...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		return false, "", err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		return false, errOut.String(), err
	case <-time.After(delay):
		cmd.Process.Kill()
		<-exited
		return true, errOut.String(), nil
	}
}

var sayOnce sync.Once

// SayOnce tells the person running the tests something once per test binary
// (that is, once per package): on the terminal when there is one — `go test
// ./...` hides the output of passing packages — and on stderr otherwise.
func SayOnce(msg string) {
	sayOnce.Do(func() {
		line := "--- " + packageName() + ": " + msg + "\n"
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			defer tty.Close()
			if _, err := tty.WriteString(line); err == nil {
				return
			}
		}
		os.Stderr.WriteString(line)
	})
}

// packageName is the directory of the test binary's package (its working directory).
func packageName() string {
	dir, err := os.Getwd()
	if err != nil {
		return "tests"
	}
	return filepath.Base(dir)
}
