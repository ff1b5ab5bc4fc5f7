package verify

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// A seeded generator of command params for the oracle agreement test: real
// shapes (what DS 3.3 and dsmigrate write, legacy 2.0/3.x maps) mutated the
// ways damaged or hand-edited rows are: dropped/renamed keys, wrong types,
// numbers for names, unknown ids, duplicate keys, nesting, case changes,
// wrapper arrays, huge numbers, whitespace, BOM, truncation, trailing garbage.

// jv is a JSON value with member order kept; kind kRaw is verbatim text.
type jv struct {
	k    kind
	s    string // string content, number text, or raw text
	keys []string
	vals []*jv
}

const kRaw kind = 100

func str(s string) *jv { return &jv{k: kString, s: s} }
func num(s string) *jv { return &jv{k: kNumber, s: s} }
func raw(s string) *jv { return &jv{k: kRaw, s: s} }
func null() *jv        { return &jv{k: kNull} }
func boolv(b bool) *jv { return map[bool]*jv{true: {k: kTrue}, false: {k: kFalse}}[b] }
func arr(v ...*jv) *jv { return &jv{k: kArray, vals: v} }
func strArr(v ...string) *jv {
	a := &jv{k: kArray}
	for _, s := range v {
		a.vals = append(a.vals, str(s))
	}
	return a
}

func obj(kv ...any) *jv {
	o := &jv{k: kObject}
	for i := 0; i < len(kv); i += 2 {
		o.keys = append(o.keys, kv[i].(string))
		o.vals = append(o.vals, kv[i+1].(*jv))
	}
	return o
}

func (v *jv) clone() *jv {
	c := &jv{k: v.k, s: v.s, keys: append([]string(nil), v.keys...)}
	for _, e := range v.vals {
		c.vals = append(c.vals, e.clone())
	}
	return c
}

// gen holds the random source and formatting choices of one document.
type gen struct {
	r      *rand.Rand
	spaced bool
}

func (g *gen) pick(n int) int { return g.r.IntN(n) }

func (g *gen) ws() string {
	if !g.spaced || g.pick(3) > 0 {
		return ""
	}
	return []string{" ", "\n", "\t", "\r\n  ", "  "}[g.pick(5)]
}

func (g *gen) write(b *strings.Builder, v *jv) {
	switch v.k {
	case kObject:
		b.WriteString("{")
		for i, k := range v.keys {
			if i > 0 {
				b.WriteString(g.ws() + "," + g.ws())
			}
			b.WriteString(g.ws() + g.quote(k) + g.ws() + ":" + g.ws())
			g.write(b, v.vals[i])
		}
		b.WriteString(g.ws() + "}")
	case kArray:
		b.WriteString("[")
		for i, e := range v.vals {
			if i > 0 {
				b.WriteString(g.ws() + "," + g.ws())
			}
			g.write(b, e)
		}
		b.WriteString(g.ws() + "]")
	case kString:
		b.WriteString(g.quote(v.s))
	case kNumber, kRaw:
		b.WriteString(v.s)
	case kTrue:
		b.WriteString("true")
	case kFalse:
		b.WriteString("false")
	case kNull:
		b.WriteString("null")
	}
}

// quote writes a JSON string, sometimes escaping letters as \uXXXX.
func (g *gen) quote(s string) string {
	q := strconv.Quote(s) // Go escapes are JSON escapes for what we generate, except \x and \a…
	if strings.ContainsAny(s, "\a\v\x00\x01\x1f\x7f") || !isASCII(s) {
		var b strings.Builder
		b.WriteByte('"')
		for _, r := range s {
			switch {
			case r == '"' || r == '\\':
				b.WriteString(`\` + string(r))
			case r < 0x20:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('"')
		q = b.String()
	}
	if g.pick(40) == 0 && len(s) > 2 && isASCII(s) {
		i := 1 + g.pick(len(s)-1)
		q = strconv.Quote(s[:i]) // escape one letter
		q = q[:len(q)-1] + fmt.Sprintf(`\u%04X`, s[i]) + strconv.Quote(s[i+1:])[1:]
	}
	return q
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return false
		}
	}
	return true
}

var corpusTypeIDs = []string{
	"START_PROCESS", "START_CURRENT_TASK_PROCESS", "RECOVER_TOLERANCE_FAULT_PROCESS",
	"RECOVER_SUSPENDED_PROCESS", "START_FAILURE_TASK_PROCESS", "COMPLEMENT_DATA", "SCHEDULER",
	"REPEAT_RUNNING", "PAUSE", "STOP", "RECOVER_WAITING_THREAD", "RECOVER_SERIAL_WAIT",
	"EXECUTE_TASK", "DYNAMIC_GENERATION", "RECOVER_TOLERANCE_FAULT",
}

// bases are realistic documents: typed 3.3 params and legacy maps.
func (g *gen) base() *jv {
	props := arr(obj("prop", str("dt"), "direct", str("IN"), "type", str("VARCHAR"), "value", str("2024-01-01")),
		obj("prop", str("env"), "direct", str("IN"), "type", str("VARCHAR"), "value", str("prod")))
	typed := func(id string, extra ...any) *jv {
		o := obj("commandType", str(id), "subWorkflowInstance", boolv(g.pick(4) == 0),
			"startNodes", []*jv{null(), arr(num("20001"), num("20002")), arr()}[g.pick(3)],
			"commandParams", []*jv{null(), props.clone()}[g.pick(2)],
			"timeZone", []*jv{null(), str("Asia/Shanghai"), str("UTC"), str("GMT+8")}[g.pick(4)])
		for i := 0; i < len(extra); i += 2 {
			o.keys = append(o.keys, extra[i].(string))
			o.vals = append(o.vals, extra[i+1].(*jv))
		}
		return o
	}
	switch g.pick(12) {
	case 0, 1:
		return typed("START_PROCESS")
	case 2:
		return typed("SCHEDULER")
	case 3, 4:
		return typed("COMPLEMENT_DATA", "backfillTimeList", strArr("2024-01-01 00:00:00", "2024-01-02 00:00:00"))
	case 5:
		return typed("REPEAT_RUNNING", "workflowInstanceId", num("12"))
	case 6:
		return typed("START_FAILURE_TASK_PROCESS")
	case 7, 8:
		return typed("RECOVER_TOLERANCE_FAULT", "workflowExecutionStatus",
			str([]string{"RUNNING_EXECUTION", "READY_PAUSE", "READY_STOP"}[g.pick(3)]))
	case 9:
		return obj("ProcessInstanceId", []*jv{num("12"), str("12")}[g.pick(2)], "StartNodeList", str("1,2"))
	case 10:
		return obj("complementStartDate", str("2024-01-01 00:00:00"), "complementEndDate", str("2024-01-02 00:00:00"),
			"schedule_timezone", str("Asia/Shanghai"))
	}
	return obj("StartParams", str(`{"k":"v"}`), "fatherParams", str("{}"))
}

// Generate returns one param (never SQL NULL) and the target to parse it as.
func (g *gen) generate(failoverShare int) (string, Target) {
	g.spaced = g.pick(3) == 0
	doc := g.base()
	target := ICommandParam
	if g.pick(100) < failoverShare {
		target = FailoverCommandParam
	}
	if g.pick(2) == 0 {
		g.targeted(doc) // one edge value in a known field: mostly still parses
	} else {
		for n := g.pick(4); n > 0; n-- {
			g.mutate(doc)
		}
	}
	var b strings.Builder
	if g.pick(12) == 0 {
		doc = g.wrap(doc)
	}
	g.write(&b, doc)
	return g.textMutate(b.String()), target
}
