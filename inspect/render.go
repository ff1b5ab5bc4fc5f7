package inspect

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteText renders the report as the readable tables `dsmigrate inspect` prints.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Database\t%s\n", r.Database)
	fmt.Fprintf(tw, "Schema shape\t%s\t(detected from information_schema)\n", r.Shape)
	fmt.Fprintf(tw, "t_ds_version\t%s\t(informative only)\n", orNone(r.VersionRow))
	for _, reason := range r.Reasons {
		fmt.Fprintf(tw, "Why\t%s\n", reason)
	}
	if r.BackupCommand != "" {
		fmt.Fprintf(tw, "Back up first\t%s\n", r.BackupCommand)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "LOGICAL TABLE\tPHYSICAL TABLE")
	for _, l := range sortedKeys(r.Tables) {
		fmt.Fprintf(tw, "%s\t%s\n", l, r.Tables[l])
	}
	if !r.Shape.Writable() {
		fmt.Fprintln(tw, "\nNo inventory: dsmigrate reads and writes only the 2.0, 3.0-3.2 and 3.3 shapes.")
		return tw.Flush()
	}
	inv := r.Inventory
	fmt.Fprintln(tw, "\nTABLE\tROWS\tUNTYPED PARAMS\tBY STATE / TYPE (code:rows)")
	fmt.Fprintf(tw, "instances\t%d\t%d\t%s\n", inv.Instances.Total, inv.Instances.UntypedParams, codes(inv.Instances.ByState))
	fmt.Fprintf(tw, "commands\t%d\t%d\t%s\n", inv.Commands.Total, inv.Commands.UntypedParams, codes(inv.Commands.ByType))
	fmt.Fprintf(tw, "error commands\t%d\t%d\t%s\n", inv.ErrorCommands.Total, inv.ErrorCommands.UntypedParams, codes(inv.ErrorCommands.ByType))
	fmt.Fprintf(tw, "task instances\t%d\t-\t%s\n", inv.TaskInstances.Total, codes(inv.TaskInstances.ByState))
	fmt.Fprintln(tw, "\nRISK\tROWS\tWHAT IT MEANS")
	clean := true
	for _, k := range r.Risks {
		if k.Count > 0 {
			clean = false
			fmt.Fprintf(tw, "%s\t%d\t%s\n", k.ID, k.Count, k.Message)
		}
	}
	if clean {
		fmt.Fprintln(tw, "none\t0\tnothing found that a 3.3 master could not replay")
	}
	return tw.Flush()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// codes renders {"1":4,"7":10,"null":1} as "1:4 7:10 null:1", numeric order.
func codes(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, errA := strconv.Atoi(keys[i])
		b, errB := strconv.Atoi(keys[j])
		if errA != nil || errB != nil {
			return errA == nil // numbers before "null"
		}
		return a < b
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%d", k, m[k])
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
