package verify

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// compareParsed checks the fields the model extracts against the oracle's
// re-serialized object ("" when they agree).
func compareParsed(got Param, parsed json.RawMessage) string {
	var o struct {
		CommandType         string          `json:"commandType"`
		SubWorkflowInstance bool            `json:"subWorkflowInstance"`
		StartNodes          *[]*json.Number `json:"startNodes"`
		TimeZone            *string         `json:"timeZone"`
		BackfillTimeList    *[]*string      `json:"backfillTimeList"`
		Status              *string         `json:"workflowExecutionStatus"`
		WorkflowInstanceID  *json.Number    `json:"workflowInstanceId"`
	}
	dec := json.NewDecoder(bytesReader(parsed))
	dec.UseNumber()
	if err := dec.Decode(&o); err != nil {
		return "oracle parsed: " + err.Error()
	}
	if o.CommandType != got.TypeID {
		return fmt.Sprintf("commandType %q vs %q", got.TypeID, o.CommandType)
	}
	if o.SubWorkflowInstance != got.SubWorkflowInstance {
		return fmt.Sprintf("subWorkflowInstance %v vs %v", got.SubWorkflowInstance, o.SubWorkflowInstance)
	}
	var nodes []string
	if o.StartNodes != nil {
		nodes = []string{}
		for _, n := range *o.StartNodes {
			if n == nil {
				nodes = append(nodes, "null")
			} else {
				nodes = append(nodes, n.String())
			}
		}
	}
	var mine []string
	if got.HasStartNodes {
		mine = []string{}
		for _, n := range got.StartNodes {
			if n.Valid {
				mine = append(mine, fmt.Sprint(n.Value))
			} else {
				mine = append(mine, "null")
			}
		}
	}
	if !reflect.DeepEqual(nodes, mine) {
		return fmt.Sprintf("startNodes %v vs %v", mine, nodes)
	}
	if !reflect.DeepEqual(o.TimeZone, got.TimeZone) {
		return fmt.Sprintf("timeZone %v vs %v", strp(got.TimeZone), strp(o.TimeZone))
	}
	if got.TypeID == TypeComplement {
		var theirs []*string
		if o.BackfillTimeList != nil {
			theirs = *o.BackfillTimeList
			if theirs == nil {
				theirs = []*string{}
			}
		}
		mineB := got.BackfillTimeList
		if got.HasBackfillTimeList && mineB == nil {
			mineB = []*string{}
		}
		if !reflect.DeepEqual(theirs, mineB) {
			return fmt.Sprintf("backfillTimeList %v vs %v", strs(mineB), strs(theirs))
		}
	}
	if got.TypeID == TypeFailover {
		st := ""
		if o.Status != nil {
			st = *o.Status
		}
		if st != got.Status {
			return fmt.Sprintf("workflowExecutionStatus %q vs %q", got.Status, st)
		}
	}
	if got.TypeID == TypeRepeat {
		a, b := "null", "null"
		if got.WorkflowInstanceID != nil {
			a = fmt.Sprint(*got.WorkflowInstanceID)
		}
		if o.WorkflowInstanceID != nil {
			b = o.WorkflowInstanceID.String()
		}
		if a != b {
			return fmt.Sprintf("workflowInstanceId %s vs %s", a, b)
		}
	}
	return ""
}

func strp(s *string) string {
	if s == nil {
		return "null"
	}
	return fmt.Sprintf("%q", *s)
}

func strs(l []*string) string {
	if l == nil {
		return "null"
	}
	out := "["
	for i, s := range l {
		if i > 0 {
			out += ","
		}
		out += strp(s)
	}
	return out + "]"
}
