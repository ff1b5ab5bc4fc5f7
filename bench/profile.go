package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// The server time per statement class comes from the slow log with
// long_query_time=0, written to mysql.slow_log (log_output=TABLE) on the
// bench's own throwaway server: every statement with its server-side time,
// grouped by what it does, so the next bottleneck is visible (issue #14).
// It needs SUPER (SET GLOBAL); the bench's server grants it.
// (TIME_TO_SEC of a TIME(6) keeps the microseconds.)

// saved are the logging settings StartProfile changed.
type saved struct {
	slow, output string
	longQuery    float64
}

// Profile is the server-side statement log of a bench run.
type Profile struct {
	db   *sql.DB
	prev saved
}

// StartProfile turns on the statement log to mysql.slow_log and empties it.
func StartProfile(ctx context.Context, db *sql.DB) (*Profile, error) {
	p := &Profile{db: db}
	if err := db.QueryRowContext(ctx, "SELECT @@global.slow_query_log, @@global.log_output, @@global.long_query_time").
		Scan(&p.prev.slow, &p.prev.output, &p.prev.longQuery); err != nil {
		return nil, fmt.Errorf("profile: read log settings: %w", err)
	}
	for _, stmt := range []string{
		"SET GLOBAL slow_query_log = 0",
		"TRUNCATE TABLE mysql.slow_log",
		"SET GLOBAL log_output = 'TABLE'",
		"SET GLOBAL long_query_time = 0",
		"SET GLOBAL slow_query_log = 1",
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("profile: %s: %w", stmt, err)
		}
	}
	return p, nil
}

// Stop restores the logging settings.
func (p *Profile) Stop(ctx context.Context) error {
	for _, stmt := range []string{
		"SET GLOBAL slow_query_log = 0",
		fmt.Sprintf("SET GLOBAL long_query_time = %g", p.prev.longQuery),
		"SET GLOBAL log_output = '" + strings.ReplaceAll(p.prev.output, "'", "") + "'",
		"SET GLOBAL slow_query_log = " + map[bool]string{true: "1", false: "0"}[p.prev.slow == "1" || p.prev.slow == "ON"],
	} {
		if _, err := p.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("profile: %s: %w", stmt, err)
		}
	}
	return nil
}

// ClassTime is the server time of one statement class in one database.
type ClassTime struct {
	Class      string
	Statements int64
	Seconds    float64
	Rows       int64 // rows examined
}

// statementClass names what a logged statement does.
func statementClass(text string) string {
	s := strings.ToUpper(strings.TrimSpace(text))
	switch {
	case s == "COMMIT" || strings.HasPrefix(s, "COMMIT"):
		return "commit"
	case strings.HasPrefix(s, "START TRANSACTION") || strings.HasPrefix(s, "BEGIN") || strings.HasPrefix(s, "ROLLBACK"):
		return "begin/rollback"
	case strings.Contains(s, "DSMIGRATE_BACKUP_COUNT"):
		return "backup count"
	case strings.Contains(s, "INTO DSMIGRATE_BACKUP"):
		return "backup INSERT"
	case strings.Contains(s, "INTO DSMIGRATE_WRITTEN"):
		return "written-checksum INSERT"
	case strings.Contains(s, "DSMIGRATE_RUN_OWNER") || strings.Contains(s, "DSMIGRATE_CHECKPOINT"):
		return "checkpoint/fence"
	case strings.Contains(s, "DSMIGRATE_"):
		return "other ledger"
	case strings.HasPrefix(s, "UPDATE") && strings.Contains(s, "JSON_SET"):
		return "JSON_SET UPDATE"
	case strings.HasPrefix(s, "UPDATE") && strings.Contains(s, " CASE "):
		return "CASE UPDATE"
	case strings.HasPrefix(s, "SELECT") && strings.Contains(s, "ORDER BY ID LIMIT"):
		return "keyset SELECT"
	case strings.HasPrefix(s, "SELECT"):
		return "other SELECT"
	case strings.HasPrefix(s, "INSERT") || strings.HasPrefix(s, "UPDATE") || strings.HasPrefix(s, "DELETE"):
		return "side effects (insert/park/retire)"
	default:
		return "other"
	}
}

// Span is a window of server time (mysql.slow_log.start_time).
type Span struct{ From, To string }

// Now is the server's current time, to mark a Span.
func (p *Profile) Now(ctx context.Context) (string, error) {
	var now string
	err := p.db.QueryRowContext(ctx, "SELECT CAST(NOW(6) AS CHAR)").Scan(&now)
	return now, err
}

// Breakdown reads the log of database name within span and sums it per class.
func (p *Profile) Breakdown(ctx context.Context, name string, span Span) ([]ClassTime, error) {
	rows, err := p.db.QueryContext(ctx,
		"SELECT LEFT(CONVERT(sql_text USING utf8mb4), 400), TIME_TO_SEC(query_time), rows_examined FROM mysql.slow_log WHERE db = ? AND start_time BETWEEN ? AND ?",
		name, span.From, span.To)
	if err != nil {
		return nil, fmt.Errorf("profile: read mysql.slow_log: %w", err)
	}
	defer rows.Close()
	by := map[string]*ClassTime{}
	for rows.Next() {
		var text string
		var secs float64
		var examined int64
		if err := rows.Scan(&text, &secs, &examined); err != nil {
			return nil, fmt.Errorf("profile: read mysql.slow_log: %w", err)
		}
		c := statementClass(text)
		if by[c] == nil {
			by[c] = &ClassTime{Class: c}
		}
		by[c].Statements++
		by[c].Seconds += secs
		by[c].Rows += examined
	}
	out := make([]ClassTime, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seconds > out[j].Seconds })
	return out, rows.Err()
}

// PrintBreakdown writes one database's classes as a table.
func PrintBreakdown(w io.Writer, title string, classes []ClassTime) {
	var total float64
	for _, c := range classes {
		total += c.Seconds
	}
	fmt.Fprintf(w, "\nserver time per statement class, %s (slow log, long_query_time=0): %.2f s\n", title, total)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "class\tstatements\tseconds\tshare\trows examined\t")
	for _, c := range classes {
		share := 0.0
		if total > 0 {
			share = 100 * c.Seconds / total
		}
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.0f %%\t%d\t\n", c.Class, c.Statements, c.Seconds, share, c.Rows)
	}
	tw.Flush()
}
