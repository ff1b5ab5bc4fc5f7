package verify

import (
	"fmt"
	"sort"
	"strings"
)

// V04: a definition version's graph, as a 3.3 master builds it
// (AbstractCommandHandler.assembleWorkflowDefinition, WorkflowGraphFactory,
// WorkflowGraph; reference §5.1):
//
//   - the (code, version) row of the definition log ("Cannot find the
//     WorkflowDefinition");
//   - relations = the relation log rows of (code, version); tasks = the task
//     definition log rows of the distinct (post code, post version) pairs;
//   - Collectors.toMap by name and by code: a name or a code twice fails;
//   - an edge with both ends > 0 whose pre or post code is not a task fails,
//     and so does the same edge twice;
//   - every task type must be a registered plugin (KnownTaskTypes).
//
// A version with no relation at all builds an empty graph; DS never saves a
// definition without tasks, so it is reported too (its tasks are lost).

// relation is one row of the task relation log.
type relation struct {
	preCode, postCode, postVersion int64
}

// taskDef is one row of the task definition log.
type taskDef struct {
	code, version  int64
	name, taskType string
}

// graph is the outcome for one definition version.
type graph struct {
	problem string         // "" when it builds
	codes   map[int64]bool // task codes (getTaskNodeByCode)
}

// buildGraph checks a definition version's relations and task definitions.
// renamedByDS: see knownTaskType.
func buildGraph(rels []relation, defs []taskDef, renamedByDS bool) graph {
	if len(rels) == 0 {
		return graph{problem: "no task relations in the relation log: the graph is empty (its tasks are lost)"}
	}
	type pair struct{ code, version int64 }
	wanted := map[pair]bool{}
	for _, r := range rels {
		if r.postCode > 0 {
			wanted[pair{r.postCode, r.postVersion}] = true
		}
	}
	found := map[pair]taskDef{}
	for _, d := range defs {
		p := pair{d.code, d.version}
		if _, dup := found[p]; dup {
			return graph{problem: fmt.Sprintf("task %d version %d is in the task definition log twice (Collectors.toMap: duplicate key)", d.code, d.version)}
		}
		found[p] = d
	}
	var missing []string
	for p := range wanted {
		if _, ok := found[p]; !ok {
			missing = append(missing, fmt.Sprintf("%d v%d", p.code, p.version))
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return graph{problem: "task definitions missing from the task definition log: " + strings.Join(firstN(missing, 5), ", ")}
	}
	g := graph{codes: map[int64]bool{}}
	names := map[string]bool{}
	var unknown []string
	for p := range wanted {
		d := found[p]
		if g.codes[d.code] {
			return graph{problem: fmt.Sprintf("task code %d appears in two versions in one graph (Collectors.toMap: duplicate key)", d.code)}
		}
		if names[d.name] {
			return graph{problem: fmt.Sprintf("task name %q appears twice in one graph (Collectors.toMap: duplicate key)", d.name)}
		}
		g.codes[d.code], names[d.name] = true, true
		if !knownTaskType(d.taskType, renamedByDS) {
			unknown = append(unknown, fmt.Sprintf("%q (task %d)", d.taskType, d.code))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return graph{problem: "task types without a 3.3 plugin (Cannot find TaskChannel): " + strings.Join(firstN(unknown, 5), ", ")}
	}
	edges := map[[2]int64]bool{}
	for _, r := range rels {
		if r.preCode <= 0 || r.postCode <= 0 {
			continue
		}
		if !g.codes[r.preCode] {
			return graph{problem: fmt.Sprintf("relation from task %d, which is not a task of this version (Cannot find task)", r.preCode)}
		}
		e := [2]int64{r.preCode, r.postCode}
		if edges[e] {
			return graph{problem: fmt.Sprintf("relation %d → %d twice (already exists)", r.preCode, r.postCode)}
		}
		edges[e] = true
	}
	return g
}

func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(s[:n:n], fmt.Sprintf("and %d more", len(s)-n))
}
