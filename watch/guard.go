package watch

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/keyset"
	"github.com/dsmigrate/dsmigrate/schema"
)

// DS 3.3's JDBC registry (dolphinscheduler-registry-jdbc): every server keeps
// an EPHEMERAL row in t_ds_jdbc_registry_data under its node path — a master
// under /nodes/master/<host:port>, the value it writes into a workflow
// instance's host column — owned by a client whose
// t_ds_jdbc_registry_client_heartbeat row it refreshes (last_heartbeat_time,
// epoch milliseconds). Clusters on ZooKeeper or etcd have no such rows.
const (
	registryData      = "t_ds_jdbc_registry_data"
	registryHeartbeat = "t_ds_jdbc_registry_client_heartbeat"
	masterNodePrefix  = "/nodes/master/"
)

// masterGuard answers "is a live master handling this instance?" for one
// round, remembering the answer per host (a cluster has a few masters).
type masterGuard struct {
	db       *sql.DB
	registry bool // the JDBC registry tables exist
	alive    map[string]bool
}

func newMasterGuard(db *sql.DB, s *schema.Schema) *masterGuard {
	return &masterGuard{db: db, registry: s.HasTable(registryData) && s.HasTable(registryHeartbeat), alive: map[string]bool{}}
}

// handling says why a live master may be working on the stuck instance f,
// or "" when none is. An instance is handled by a live master when its host
// column names a master registered in the JDBC registry whose client sent a
// heartbeat within heartbeatWindow: a 3.3 master's first start fails
// over every running instance it does not own without asking whether the
// owner is alive (reference §5.2, FailoverCoordinator.globalMasterFailover),
// so an instance at 18 may still be run by the master in its host column —
// a second failover command would run it twice. (A pending failover command
// also means a master will take it over; such an instance is not stuck.)
func (g *masterGuard) handling(ctx context.Context, f instanceHost) (string, error) {
	if !g.registry || f.host == "" {
		return "", nil
	}
	alive, seen := g.alive[f.host]
	if !seen {
		since := time.Now().Add(-heartbeatWindow).UnixMilli()
		q := fmt.Sprintf("SELECT COUNT(*) FROM %s d JOIN %s h ON h.id = d.client_id WHERE d.data_key = ? AND h.last_heartbeat_time > ?",
			keyset.Quote(registryData), keyset.Quote(registryHeartbeat))
		var n int64
		if err := g.db.QueryRowContext(ctx, q, masterNodePrefix+f.host, since).Scan(&n); err != nil {
			return "", fmt.Errorf("read the JDBC registry for master %s: %w", f.host, err)
		}
		alive = n > 0
		g.alive[f.host] = alive
	}
	if alive {
		return fmt.Sprintf("its host %s is a live master (registry heartbeat within %v)", f.host, heartbeatWindow), nil
	}
	return "", nil
}

// instanceHost is what the guard reads of an instance.
type instanceHost struct {
	id   int64
	host string
}
