package verify

import (
	"strconv"
	"strings"
	"unicode"
)

// Mutation operators of the oracle corpus (see corpus_test.go).

var knownKeys = []string{"commandType", "subWorkflowInstance", "startNodes", "commandParams", "timeZone",
	"backfillTimeList", "workflowExecutionStatus", "workflowInstanceId", "prop", "direct", "type", "value"}

// odd values: every JSON type, edge numbers, coercible and non-coercible strings.
var oddNumbers = []string{"0", "-0", "1", "-1", "2", "7", "8", "10", "11", "12.7", "1.9", "-1.9", "1e3", "1E+2", "0.0",
	"2147483647", "2147483648", "-2147483649", "2147483647.5", "3000000000", "9223372036854775807",
	"9223372036854775808", "-9223372036854775808", "-9223372036854775809", "12345678901234567890",
	"9.223372036854775807E18", "9223372036854775807.5", "-9223372036854775808.5", "1e19", "1e400", "-1e400",
	"1e-400", "14253870587680", "1000000000000000000", "0.5", "-0.0", "123456789012345678901234567890",
	"1e-2147483648", "1e-2147483647", "1.5e-2147483647", "1e99999999999", "-1e-99999999999", "0e-2147483648", "1E+2147483648"}

var oddStrings = []string{"", " ", "\t", "null", "NULL", "true", "True", "TRUE", "false", "FALSE", "yes", "1", "0",
	" 12 ", "+5", "-7", "1.5", "0x10", "1e3", "12a", "١٢", "１２", "٣", "𝟏", "6", "06", "8", "14", " 2 ",
	"RUNNING_EXECUTION", " READY_PAUSE ", "running_execution", "IN", "OUT", "in", "VARCHAR", "STRING",
	"2024-01-01 00:00:00", "Asia/Shanghai", "Not/AZone", "UTC", "-5", "+08:00", "\u00a0", "x\u0000y", "9223372036854775808"}

func (g *gen) oddValue(depth int) *jv {
	switch g.pick(9) {
	case 0, 1:
		return num(oddNumbers[g.pick(len(oddNumbers))])
	case 2, 3:
		return str(oddStrings[g.pick(len(oddStrings))])
	case 4:
		return []*jv{null(), boolv(true), boolv(false)}[g.pick(3)]
	case 5:
		return obj()
	case 6:
		if depth > 0 {
			return arr(g.oddValue(depth-1), g.oddValue(depth-1))
		}
		return arr()
	case 7:
		if depth > 0 {
			return obj("code", g.oddValue(depth-1))
		}
		return obj("id", str("UTC"))
	}
	return arr([]*jv{arr(), null(), num("1"), str("1"), str(""), obj()}[g.pick(6)])
}

// containers lists every object and array in v (v included).
func containers(v *jv, out []*jv) []*jv {
	if v.k == kObject || v.k == kArray {
		out = append(out, v)
	}
	for _, e := range v.vals {
		out = containers(e, out)
	}
	return out
}

func (g *gen) mutate(doc *jv) {
	cs := containers(doc, nil)
	c := cs[g.pick(len(cs))]
	if g.pick(3) == 0 {
		c = doc // the root, where the interesting keys are
	}
	if c.k == kArray {
		g.mutateArray(c)
		return
	}
	if len(c.keys) == 0 {
		c.keys, c.vals = append(c.keys, knownKeys[g.pick(len(knownKeys))]), append(c.vals, g.oddValue(2))
		return
	}
	i := g.pick(len(c.keys))
	switch g.pick(14) {
	case 0: // drop a member
		c.keys = append(c.keys[:i], c.keys[i+1:]...)
		c.vals = append(c.vals[:i], c.vals[i+1:]...)
	case 1: // rename: case change, typo, suffix
		c.keys[i] = g.renamed(c.keys[i])
	case 2, 3: // wrong type
		c.vals[i] = g.oddValue(2)
	case 4: // numbers for names / names for numbers
		c.vals[i] = g.swapRepresentation(c.vals[i])
	case 5: // the type id
		g.mutateTypeID(c)
	case 6: // duplicate a member, same or odd value, before or after
		v := c.vals[i].clone()
		if g.pick(2) == 0 {
			v = g.oddValue(1)
		}
		at := g.pick(len(c.keys) + 1)
		c.keys = append(c.keys[:at], append([]string{c.keys[i]}, c.keys[at:]...)...)
		c.vals = append(c.vals[:at], append([]*jv{v}, c.vals[at:]...)...)
	case 7: // nesting
		if g.pick(2) == 0 {
			c.vals[i] = arr(c.vals[i])
		} else {
			c.vals[i] = obj("value", c.vals[i])
		}
	case 8: // deep nesting in an unknown or a known field
		d := 5 + g.pick(60)
		if g.pick(8) == 0 {
			d = 1000 + g.pick(3000)
		}
		key := "x"
		if g.pick(3) == 0 {
			key = knownKeys[g.pick(len(knownKeys))]
		}
		at := g.pick(len(c.keys) + 1)
		v := raw(strings.Repeat("[", d) + "1" + strings.Repeat("]", d))
		c.keys = append(c.keys[:at], append([]string{key}, c.keys[at:]...)...)
		c.vals = append(c.vals[:at], append([]*jv{v}, c.vals[at:]...)...)
	case 9: // case change of a string value
		if c.vals[i].k == kString {
			c.vals[i] = str(g.recased(c.vals[i].s))
		}
	case 10: // move a member
		k, v := c.keys[i], c.vals[i]
		c.keys = append(c.keys[:i], c.keys[i+1:]...)
		c.vals = append(c.vals[:i], c.vals[i+1:]...)
		at := g.pick(len(c.keys) + 1)
		c.keys = append(c.keys[:at], append([]string{k}, c.keys[at:]...)...)
		c.vals = append(c.vals[:at], append([]*jv{v}, c.vals[at:]...)...)
	case 11: // add a known key with an odd value
		c.keys, c.vals = append(c.keys, knownKeys[g.pick(len(knownKeys))]), append(c.vals, g.oddValue(2))
	case 12: // list of odd elements in a list field
		c.vals[i] = arr(g.oddValue(1), g.oddValue(0))
	default: // a string holding JSON (double encoding)
		var b strings.Builder
		g.write(&b, c.vals[i])
		c.vals[i] = str(b.String())
	}
}

func (g *gen) mutateArray(a *jv) {
	switch {
	case len(a.vals) == 0 || g.pick(3) == 0:
		a.vals = append(a.vals, g.oddValue(1))
	case g.pick(2) == 0:
		a.vals[g.pick(len(a.vals))] = g.oddValue(1)
	default:
		a.vals = a.vals[:g.pick(len(a.vals))]
	}
}

func (g *gen) mutateTypeID(c *jv) {
	ids := []*jv{str(corpusTypeIDs[g.pick(len(corpusTypeIDs))]), str("start_process"), str(" START_PROCESS"),
		str("Scheduler"), num("0"), num("6"), null(), obj(), arr(str("START_PROCESS")), boolv(true), str("")}
	v := ids[g.pick(len(ids))]
	switch g.pick(3) {
	case 0: // replace the first
		for i, k := range c.keys {
			if k == "commandType" {
				c.vals[i] = v
				return
			}
		}
		fallthrough
	case 1: // insert before everything
		c.keys, c.vals = append([]string{"commandType"}, c.keys...), append([]*jv{v}, c.vals...)
	default: // append after
		c.keys, c.vals = append(c.keys, "commandType"), append(c.vals, v)
	}
}

func (g *gen) swapRepresentation(v *jv) *jv {
	switch v.k {
	case kString:
		for i, n := range workflowExecutionStatuses {
			if n == v.s {
				if g.pick(2) == 0 {
					return num(itoa(i))
				}
				return str(itoa(i))
			}
		}
		return num(oddNumbers[g.pick(len(oddNumbers))])
	case kNumber:
		if g.pick(2) == 0 {
			return str(v.s)
		}
		return str(" " + v.s + " ")
	case kTrue, kFalse:
		return str([]string{"true", "false", "1", "0"}[g.pick(4)])
	}
	return str(oddStrings[g.pick(len(oddStrings))])
}

func itoa(i int) string { return strconv.Itoa(i) }

func (g *gen) renamed(k string) string {
	switch g.pick(4) {
	case 0:
		return g.recased(k)
	case 1:
		if len(k) > 1 {
			i := g.pick(len(k))
			return k[:i] + k[i+1:]
		}
	case 2:
		return k + "s"
	}
	return " " + k
}

func (g *gen) recased(s string) string {
	switch g.pick(3) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	}
	if s == "" {
		return s
	}
	r := []rune(s)
	if unicode.IsUpper(r[0]) {
		r[0] = unicode.ToLower(r[0])
	} else {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// wrap turns {commandType: X, …} into a WRAPPER_ARRAY variant.
func (g *gen) wrap(doc *jv) *jv {
	id := str("START_PROCESS")
	rest := obj()
	if doc.k == kObject {
		for i, k := range doc.keys {
			if k == "commandType" && id.s == "START_PROCESS" {
				id = doc.vals[i]
				continue
			}
			rest.keys, rest.vals = append(rest.keys, k), append(rest.vals, doc.vals[i])
		}
	}
	switch g.pick(7) {
	case 0:
		return arr(id)
	case 1:
		return arr(id, arr())
	case 2:
		return arr(id, rest, str("extra"))
	case 3:
		return arr(id, arr(num("1")))
	case 4:
		return arr(num("0"), rest)
	}
	return arr(id, rest)
}

// textMutate breaks or decorates the serialized text.
func (g *gen) textMutate(s string) string {
	switch g.pick(30) {
	case 0:
		return s[:g.pick(len(s)+1)] // truncated
	case 1:
		return "\ufeff" + s
	case 2:
		return s + []string{" trailing", "}", "]]", `{"commandType":"SCHEDULER"}`, "\x00", ",", " /* c */"}[g.pick(7)]
	case 3:
		return []string{" ", "\n\t", "\r\n", "\u00a0"}[g.pick(4)] + s
	case 4:
		return strings.Replace(s, `"`, `'`, 2)
	case 5:
		return strings.Replace(s, ",", ", /* c */", 1)
	case 6:
		return strings.Replace(s, "}", ",}", 1)
	case 7:
		return strings.Replace(s, ":1", ":01", 1)
	case 8:
		return strings.Replace(s, `:"`, `:"a\qb`, 1)
	case 9:
		return strings.Replace(s, `":`, "\":NaN,\"y\":", 1)
	case 10:
		return strings.Replace(s, `"`, "\"\t", 1) // raw control char in a string
	case 11:
		return strings.Replace(s, `"commandType"`, `commandType`, 1)
	}
	return s
}

// edge values per field, for targeted mutations of an otherwise valid param.
var edgeValues = map[string][]*jv{
	"startNodes": {arr(num("9.223372036854775807E18")), arr(num("-9.223372036854775808E18")), arr(num("9223372036854775807.5")),
		arr(num("1e19")), arr(num("1.9")), arr(num("-1.9")), arr(num("1e-400")), arr(str(" 12 ")), arr(str("+5")), arr(str("١٢")),
		arr(str("１２")), arr(str("𝟏")), arr(str("null")), arr(str("")), arr(str("\t")), arr(null()), arr(arr()), arr(arr(num("1"))),
		arr(str("1.5")), arr(str("9223372036854775808")), arr(str("-9223372036854775808")), arr(num("-0")), arr(boolv(true)),
		arr(obj()), str("1,2"), num("5"), arr(), null(), arr(num("12345678901234567890")), arr(str("0x1")), arr(str("1e3"))},
	"timeZone": {num("-5"), num("-0"), num("8"), num("1.50"), num("1e3"), num("-0.0"), boolv(false), arr(), arr(str("UTC")),
		str(" UTC "), str(""), null(), obj(), str("GMT+8"), str("Etc/GMT-14"), num("0.000001"), num("0.0000001"), num("123.456e-2")},
	"subWorkflowInstance": {str(" true "), str("True"), str("TRUE"), str("tRue"), str("null"), str(" "), str(""), num("0"),
		num("-0"), num("2"), num("0.0"), num("1e2"), arr(), arr(boolv(true)), obj(), null(), str("1"), num("99999999999999999999")},
	"workflowExecutionStatus": {str(" READY_PAUSE "), str("READY_PAUSE "), str("\tREADY_STOP"), str("6"), str(" 6"), str("06"),
		str("+6"), str("٦"), str("6٣"), str("10"), str("11"), str("-1"), num("10"), num("11"), num("2147483648"), num("-1"),
		num("1.0"), str(""), str(" "), arr(), arr(str("READY_STOP")), boolv(true), str("running_execution"), str("FAILOVER"),
		str("NEED_FAULT_TOLERANCE")},
	"backfillTimeList": {arr(num("20240101"), boolv(true)), arr(null()), arr(arr()), arr(obj()), str(""), str("x"), arr(num("1.50")),
		arr(str(" 2024-01-01 00:00:00")), null(), arr()},
	"workflowInstanceId": {num("12.7"), num("2147483647.5"), num("2147483647"), num("-2147483648"), num("2147483648"),
		str(" 12 "), str("+12"), str("١٢"), str("12.0"), str("null"), str(""), arr(), arr(num("1")), num("1e9"), num("1e10"), null()},
	"commandParams": {arr(arr()), arr(null()), arr(obj("prop", num("1"), "value", num("2.50"))), arr(obj("direct", num("1"))),
		arr(obj("direct", num("2"))), arr(obj("type", str(" LONG "))), arr(obj("type", str("10"))), arr(obj("type", num("11"))),
		arr(obj("type", num("1.0"))), arr(obj("value", arr())), arr(obj("value", arr(str("a"))))},
}

func (g *gen) targeted(doc *jv) {
	if doc.k != kObject {
		return
	}
	fields := []string{"startNodes", "timeZone", "subWorkflowInstance", "workflowExecutionStatus",
		"backfillTimeList", "workflowInstanceId", "commandParams"}
	key := fields[g.pick(len(fields))]
	vals := edgeValues[key]
	v := vals[g.pick(len(vals))].clone()
	for i, k := range doc.keys {
		if k == key {
			doc.vals[i] = v
			return
		}
	}
	at := g.pick(len(doc.keys) + 1) // before the type id sometimes: buffered
	doc.keys = append(doc.keys[:at], append([]string{key}, doc.keys[at:]...)...)
	doc.vals = append(doc.vals[:at], append([]*jv{v}, doc.vals[at:]...)...)
}
