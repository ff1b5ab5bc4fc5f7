package backfill

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrServicesAlive is returned when DS servers look alive: dsmigrate must not
// rewrite command data under a running master (DESIGN §6).
var ErrServicesAlive = errors.New("DolphinScheduler services look alive")

// heartbeatTable is where DS 3.2+ servers using the JDBC registry write their
// heartbeats (last_heartbeat_time, epoch milliseconds). 2.0.x uses ZooKeeper
// and leaves no trace in the database.
const heartbeatTable = "t_ds_jdbc_registry_client_heartbeat"

// HeartbeatWindow is how recent a heartbeat must be to count as alive.
const HeartbeatWindow = 2 * time.Minute

// checkServicesStopped refuses to go on when a registry heartbeat is fresh.
func checkServicesStopped(ctx context.Context, db *sql.DB, has func(table string) bool) error {
	if !has(heartbeatTable) {
		return nil
	}
	since := time.Now().Add(-HeartbeatWindow).UnixMilli()
	rows, err := db.QueryContext(ctx, "SELECT client_name FROM "+q(heartbeatTable)+" WHERE last_heartbeat_time > ? ORDER BY client_name LIMIT 5", since)
	if err != nil {
		return fmt.Errorf("read %s: %w", heartbeatTable, err)
	}
	defer rows.Close()
	var alive []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		alive = append(alive, printable(name))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(alive) > 0 {
		return fmt.Errorf("%w: %s sent a heartbeat within %v (%s); stop the masters, workers and API servers first, or pass --ignore-heartbeats if they are gone",
			ErrServicesAlive, heartbeatTable, HeartbeatWindow, strings.Join(alive, ", "))
	}
	return nil
}

// printable renders a name read from the database for a terminal: control
// characters (escape sequences) become Go escapes, and it is clipped.
func printable(name string) string {
	s := strconv.QuoteToGraphic(name)
	s = s[1 : len(s)-1]
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}
