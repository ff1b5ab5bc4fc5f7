package ledger

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/dsmigrate/dsmigrate/schema"
)

// MaxChangedListed caps the rows changed since a run that the summary lists.
const MaxChangedListed = 1000

// RollbackSummary is the JSON contract of `dsmigrate rollback`.
type RollbackSummary struct {
	Database string `json:"database"`
	Shape    string `json:"shape"`
	// Runs rolled back, in the order undone (newest first).
	Runs   []int64                     `json:"runs"`
	Tables map[string]*RolledBackTable `json:"tables"` // by logical table
	Forced bool                        `json:"forced"`
	// ChangedSince lists rows changed after their run: kept as they are, or
	// overwritten with the originals when forced.
	ChangedSince      []ChangedRow `json:"changed_since"`
	ChangedSinceTotal int64        `json:"changed_since_total"`
}

// RolledBackTable counts what rollback did to one table.
type RolledBackTable struct {
	Restored   int64 `json:"restored"`   // rows whose changed columns got their originals back
	Deleted    int64 `json:"deleted"`    // rows the runs had created
	Reinserted int64 `json:"reinserted"` // rows the runs had removed
}

// ChangedRow is a row changed since the run that wrote it.
type ChangedRow struct {
	Run     int64    `json:"run"`
	Table   string   `json:"table"`
	ID      int64    `json:"id"`
	Columns []string `json:"columns"`
}

func newRollbackSummary(s *schema.Schema, force bool) *RollbackSummary {
	return &RollbackSummary{Database: s.Database, Shape: string(s.Shape), Runs: []int64{}, Tables: map[string]*RolledBackTable{},
		Forced: force, ChangedSince: []ChangedRow{}}
}

func (s *RollbackSummary) table(l schema.Logical) *RolledBackTable {
	t := s.Tables[string(l)]
	if t == nil {
		t = &RolledBackTable{}
		s.Tables[string(l)] = t
	}
	return t
}

func (s *RollbackSummary) changed(r ChangedRow) {
	s.ChangedSinceTotal++
	if len(s.ChangedSince) < MaxChangedListed {
		s.ChangedSince = append(s.ChangedSince, r)
	}
}

// addColumn notes a changed column of a listed row.
func (s *RollbackSummary) addColumn(run int64, table string, id int64, column string) {
	for i := len(s.ChangedSince) - 1; i >= 0; i-- {
		r := &s.ChangedSince[i]
		if r.Run == run && r.Table == table && r.ID == id {
			r.Columns = append(r.Columns, column)
			return
		}
	}
}

// WriteText renders the summary for people.
func (s *RollbackSummary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	heading := "Nothing rolled back"
	switch len(s.Runs) {
	case 0:
	case 1:
		heading = fmt.Sprintf("Rolled back run %d", s.Runs[0])
	default:
		ids := make([]string, len(s.Runs))
		for i, r := range s.Runs {
			ids[i] = fmt.Sprint(r)
		}
		heading = fmt.Sprintf("Rolled back runs %s (newest first)", strings.Join(ids, ", "))
	}
	fmt.Fprintf(tw, "%s on %s (shape %s)\n\n", heading, s.Database, s.Shape)
	fmt.Fprintln(tw, "TABLE\tROWS RESTORED\tCREATED ROWS DELETED\tREMOVED ROWS RE-INSERTED")
	names := make([]string, 0, len(s.Tables))
	for n := range s.Tables {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t := s.Tables[n]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", n, t.Restored, t.Deleted, t.Reinserted)
	}
	if s.ChangedSinceTotal > 0 {
		verb := "kept their current values (not restored); `dsmigrate rollback --force` overwrites them"
		if s.Forced {
			verb = "were overwritten with the originals (--force)"
		}
		fmt.Fprintf(tw, "\n%d rows changed after their run %s:\n", s.ChangedSinceTotal, verb)
		for _, r := range s.ChangedSince {
			fmt.Fprintf(tw, "  run %d\t%s id %d\t%s\n", r.Run, r.Table, r.ID, strings.Join(r.Columns, ", "))
		}
		if int64(len(s.ChangedSince)) < s.ChangedSinceTotal {
			fmt.Fprintf(tw, "  … and %d more (see --output json)\n", s.ChangedSinceTotal-int64(len(s.ChangedSince)))
		}
	}
	return tw.Flush()
}
