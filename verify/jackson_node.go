package verify

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// node is one validated value.
type node struct {
	kind kind
	raw  string
}

type member struct {
	key string
	val node
}

// next reads the validated value at sc.i.
func (sc *scanner) next() node {
	sc.ws()
	start := sc.i
	sc.value()
	return node{kind: kindOf(sc.s[start]), raw: sc.s[start:sc.i]}
}

// members lists an object's members in order (duplicates included).
func (n node) members() []member {
	sc := &scanner{s: n.raw, i: 1}
	var out []member
	for {
		sc.ws()
		if sc.s[sc.i] == '}' {
			return out
		}
		if sc.s[sc.i] == ',' {
			sc.i++
			sc.ws()
		}
		start := sc.i
		sc.str()
		key := unquote(sc.s[start:sc.i])
		sc.ws()
		sc.i++ // colon
		out = append(out, member{key: key, val: sc.next()})
	}
}

// elements lists an array's elements.
func (n node) elements() []node {
	sc := &scanner{s: n.raw, i: 1}
	var out []node
	for {
		sc.ws()
		if sc.s[sc.i] == ']' {
			return out
		}
		if sc.s[sc.i] == ',' {
			sc.i++
		}
		out = append(out, sc.next())
	}
}

// text is a scalar as Jackson's getText()/getValueAsString() gives it. A
// buffered number went through a TokenBuffer: an integer is a Java number
// again (so "-0" reads "0"), a float a BigDecimal (BigDecimal.toString).
func (n node) text(buffered bool) string {
	switch n.kind {
	case kString:
		return unquote(n.raw)
	case kNumber:
		if !buffered {
			return n.raw
		}
		if isIntToken(n.raw) {
			if n.raw == "-0" {
				return "0"
			}
			return n.raw
		}
		return bigDecimalString(n.raw)
	}
	return n.raw // true, false
}

func isIntToken(raw string) bool { return !strings.ContainsAny(raw, ".eE") }

// unquote decodes a validated JSON string token. A lone surrogate escape
// becomes U+FFFD (Java would keep the char; no rule compares it to anything
// but ASCII names, digits and zone ids, which it can never match).
func unquote(raw string) string {
	body := raw[1 : len(raw)-1]
	if !strings.ContainsRune(body, '\\') {
		return body
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := rune(hex4(body[i+1 : i+5]))
			i += 4
			if r >= 0xD800 && r < 0xDC00 && i+6 < len(body) && body[i+1] == '\\' && body[i+2] == 'u' {
				if lo := rune(hex4(body[i+3 : i+7])); lo >= 0xDC00 && lo < 0xE000 {
					r = (r-0xD800)<<10 + (lo - 0xDC00) + 0x10000
					i += 6
				}
			}
			b.WriteRune(r) // a lone surrogate is written as U+FFFD
		default: // " \ /
			b.WriteByte(body[i])
		}
	}
	return b.String()
}

func hex4(s string) int {
	v := 0
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		default:
			v = v<<4 | int(c-'A'+10)
		}
	}
	return v
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	n := 57
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
