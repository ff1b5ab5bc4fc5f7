package backfill

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// caseByID must give every listed row its value and every other row its own,
// for sizes around the group boundary and ids with gaps, on the real server.
func TestCaseByIDGivesEachRowItsValue(t *testing.T) {
	db := dbtest.New(t)
	db.Exec(t, "CREATE TABLE case_rows (id BIGINT PRIMARY KEY, c VARCHAR(40))")
	var all []string
	for id := 1; id <= 400; id++ {
		all = append(all, fmt.Sprintf("(%d, 'own %d')", id, id))
	}
	db.Exec(t, "INSERT INTO case_rows VALUES "+strings.Join(all, ","))
	rng := rand.New(rand.NewSource(7))
	for _, n := range []int{1, caseGroup - 1, caseGroup, caseGroup + 1, 2*caseGroup + 5, 300} {
		want := map[int64]string{}
		var pairs []idValue
		for _, id := range rng.Perm(400)[:n] { // unsorted, with gaps
			v := fmt.Sprintf("new %d/%d", n, id+1)
			want[int64(id+1)] = v
			pairs = append(pairs, idValue{int64(id + 1), v})
		}
		expr, args := caseByID("c", pairs)
		if got := strings.Count(expr, "?"); got != len(args) {
			t.Fatalf("n=%d: %d placeholders, %d args", n, got, len(args))
		}
		rows, err := db.SQL.Query("SELECT id, c, "+expr+" FROM case_rows ORDER BY id", args...)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		var wrong []string
		for rows.Next() {
			var id int64
			var own, got string
			if err := rows.Scan(&id, &own, &got); err != nil {
				t.Fatal(err)
			}
			exp, ok := want[id]
			if !ok {
				exp = own
			}
			if got != exp {
				wrong = append(wrong, fmt.Sprintf("id %d: %q, want %q", id, got, exp))
			}
		}
		rows.Close()
		sort.Strings(wrong)
		if len(wrong) > 0 {
			t.Errorf("n=%d: %d rows wrong, e.g. %v", n, len(wrong), wrong[:min(3, len(wrong))])
		}
	}
}
