package dbconn_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbconn"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// TestConnectionErrorsNeverShowThePassword: a wrong password, on either real
// server, in every DSN form, gives an error naming the server, not the password.
func TestConnectionErrorsNeverShowThePassword(t *testing.T) {
	const pw = "Wr0ng-pass-9137"
	my := dbtest.New(t)
	pg := dbtest.NewPG(t)
	host, port := pg.PG.HostPort()
	for _, raw := range []string{
		"mysql://" + my.Config.User + ":" + pw + "@" + my.Config.Addr + "/" + my.Name,
		my.Config.User + ":" + pw + "@tcp(" + my.Config.Addr + ")/" + my.Name,
		"postgres://" + pg.PG.User() + ":" + pw + "@" + host + ":" + port + "/" + pg.Name + "?sslmode=disable",
		"host=" + host + " port=" + port + " user=" + pg.PG.User() + " password=" + pw + " dbname=" + pg.Name + " sslmode=disable",
		"postgresql://" + pg.PG.User() + ":" + pw + "@" + host + ":1/" + pg.Name + "?sslmode=disable&connect_timeout=2",
	} {
		_, _, err := dbconn.Open(context.Background(), raw)
		if err == nil {
			t.Errorf("Open with a wrong password succeeded")
			continue
		}
		if strings.Contains(err.Error(), pw) || !strings.Contains(err.Error(), "connect to ") {
			t.Errorf("error: %v", err)
		}
	}
}

func TestOpenPicksTheEngine(t *testing.T) {
	my, pg := dbtest.New(t), dbtest.NewPG(t)
	for want, raw := range map[string]string{"mysql": my.URL(), "postgres": pg.URL()} {
		db, target, err := dbconn.Open(context.Background(), raw)
		if err != nil {
			t.Fatalf("Open(%s): %v", want, err)
		}
		db.Close()
		if target.Dialect != want {
			t.Errorf("Open picked %s, want %s", target.Dialect, want)
		}
	}
}
