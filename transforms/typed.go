package transforms

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// checkTyped decides whether a JSON object that has a "commandType" key is a
// typed 3.3 param the way Jackson reads it (reference §3.5, oracle README):
// the first "commandType" is a registered id, and every occurrence of a known
// field has a shape DS's ObjectMapper accepts. It is stricter than Jackson
// where Jackson's coercions would turn a value into null or into something
// DS never writes (floats as codes, numbers as enums, objects ignored via
// empty arrays); such params are refused rather than kept. It returns the
// type id, or a reason naming the offending key.
func checkTyped(obj gjson.Result) (id, reason string) {
	seenID := false
	var sub [3][]gjson.Result // backfillTimeList, workflowExecutionStatus, workflowInstanceId
	obj.ForEach(func(k, v gjson.Result) bool {
		if !seenID && k.Str != "commandType" {
			if tok := UnbufferableFloat(v.Raw); tok != "" {
				reason = k.Str + ": the float " + clip(tok) + " comes before commandType; Jackson buffers it as a BigDecimal, which cannot hold it"
				return false
			}
		}
		switch k.Str {
		case "commandType":
			if seenID {
				return true // Jackson uses the first one
			}
			seenID = true
			if v.Type != gjson.String {
				reason = "commandType: a JSON " + jsonKind(v) + ", not a type id"
				return false
			}
			id = v.Str
			if !registeredID(id) {
				reason = "commandType: " + strconv.Quote(id) + " is not a registered 3.3 type id"
				return false
			}
		case "subWorkflowInstance":
			if !typedBool(v) {
				reason = "subWorkflowInstance: " + clip(v.Raw) + " is not a boolean"
			}
		case "startNodes":
			if why := typedCodes(v); why != "" {
				reason = "startNodes: " + why
			}
		case "commandParams":
			if why := typedProps(v); why != "" {
				reason = "commandParams: " + why
			}
		case "timeZone":
			if v.Type != gjson.String && v.Type != gjson.Null {
				reason = "timeZone: a JSON " + jsonKind(v) + ", not a string"
			}
		case "backfillTimeList":
			sub[0] = append(sub[0], v)
		case "workflowExecutionStatus":
			sub[1] = append(sub[1], v)
		case "workflowInstanceId":
			sub[2] = append(sub[2], v)
		}
		return reason == ""
	})
	if reason != "" {
		return "", reason
	}
	switch id {
	case idComplement:
		for _, v := range sub[0] {
			if why := typedStrings(v); why != "" {
				return "", "backfillTimeList: " + why
			}
		}
	case idFailover:
		for _, v := range sub[1] {
			if v.Type != gjson.String && v.Type != gjson.Null {
				return "", "workflowExecutionStatus: a JSON " + jsonKind(v) + ", not a status name"
			}
		}
	case idRepeat:
		for _, v := range sub[2] {
			if v.Type == gjson.Null {
				continue
			}
			if _, err := strconv.ParseInt(numText(v), 10, 32); err != nil {
				return "", "workflowInstanceId: " + clip(v.Raw) + " is not an Integer"
			}
		}
	}
	return id, ""
}

// typedBool: what Jackson reads into a boolean (null, true/false, an
// integer, "true"/"false" in the spellings it accepts, "").
func typedBool(v gjson.Result) bool {
	switch v.Type {
	case gjson.Null, gjson.True, gjson.False:
		return true
	case gjson.Number:
		return isInteger(v.Raw)
	case gjson.String:
		switch v.Str {
		case "", "true", "True", "TRUE", "false", "False", "FALSE":
			return true
		}
	}
	return false
}

// typedCodes: null or an array of int64 task codes (numbers or numeric strings).
func typedCodes(v gjson.Result) string {
	if v.Type == gjson.Null {
		return ""
	}
	if !v.IsArray() {
		return "a JSON " + jsonKind(v) + ", not an array of task codes"
	}
	why := ""
	v.ForEach(func(_, e gjson.Result) bool {
		if (e.Type != gjson.Number && e.Type != gjson.String) || (e.Type == gjson.Number && !isInteger(e.Raw)) {
			why = clip(e.Raw) + " is not a task code"
			return false
		}
		if _, err := strconv.ParseInt(numText(e), 10, 64); err != nil {
			why = clip(e.Raw) + " is not a task code"
			return false
		}
		return true
	})
	return why
}

// typedProps: null or an array of Property objects (or nulls).
func typedProps(v gjson.Result) string {
	if v.Type == gjson.Null {
		return ""
	}
	if !v.IsArray() {
		return "a JSON " + jsonKind(v) + ", not an array of properties"
	}
	why := ""
	v.ForEach(func(_, e gjson.Result) bool {
		if e.Type == gjson.Null {
			return true
		}
		if !e.IsObject() {
			why = "an element is a JSON " + jsonKind(e) + ", not a property object"
			return false
		}
		e.ForEach(func(k, f gjson.Result) bool {
			switch k.Str {
			case "prop", "value":
				if f.Type == gjson.JSON {
					why = k.Str + " is a JSON " + jsonKind(f) + ", not text"
				}
			case "direct", "type":
				if f.Type != gjson.String && f.Type != gjson.Null {
					why = k.Str + " is a JSON " + jsonKind(f) + ", not an enum name"
				}
			}
			return why == ""
		})
		return why == ""
	})
	return why
}

// typedStrings: null or an array of strings (or nulls).
func typedStrings(v gjson.Result) string {
	if v.Type == gjson.Null {
		return ""
	}
	if !v.IsArray() {
		return "a JSON " + jsonKind(v) + ", not an array of strings"
	}
	why := ""
	v.ForEach(func(_, e gjson.Result) bool {
		if e.Type != gjson.String && e.Type != gjson.Null {
			why = clip(e.Raw) + " is not a string"
		}
		return why == ""
	})
	return why
}

func numText(v gjson.Result) string {
	if v.Type == gjson.String {
		return v.Str
	}
	return v.Raw
}

// isInteger: a JSON number token without fraction or exponent.
func isInteger(raw string) bool { return !strings.ContainsAny(raw, ".eE") }

// clip shortens a value quoted in a reason.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	n := 37
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// typedFields reads the fields of a param checkTyped accepted, for findings.
func typedFields(obj gjson.Result) (timeZone, status string, hasBackfill bool) {
	if tz := obj.Get("timeZone"); tz.Type == gjson.String {
		timeZone = tz.Str
	}
	if st := obj.Get("workflowExecutionStatus"); st.Type == gjson.String {
		status = st.Str
	}
	bf := obj.Get("backfillTimeList")
	return timeZone, status, bf.IsArray() && len(bf.Array()) > 0
}
