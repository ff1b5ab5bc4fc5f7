package inspect

import (
	"strings"

	"github.com/tidwall/gjson"
)

// paramClass is what inspect needs to know about one command_param.
type paramClass struct {
	untyped     bool // no top-level commandType: DS 3.3 cannot parse it (reference §3.5)
	unparseable bool // non-blank but not a JSON object: upgrade will refuse it
	startNodeID bool // carries StartNodeIdList (task-instance ids, reference §2.2)
	legacy13    bool // carries 1.3.x keys (reference §2.2)
}

// classifyParam reads a command_param (valid=false for SQL NULL).
func classifyParam(p string, valid bool) paramClass {
	trimmed := strings.TrimSpace(p)
	if !valid || trimmed == "" {
		return paramClass{untyped: true}
	}
	if trimmed[0] != '{' || !gjson.Valid(trimmed) {
		return paramClass{untyped: true, unparseable: true}
	}
	obj := gjson.Parse(trimmed)
	return paramClass{
		untyped:     !obj.Get("commandType").Exists(),
		startNodeID: obj.Get("StartNodeIdList").Exists(),
		legacy13: obj.Get("WaittingThreadInstanceId").Exists() ||
			obj.Get("StartNodeNameList").Exists() || obj.Get("processDefinitionId").Exists(),
	}
}
