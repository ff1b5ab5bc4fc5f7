package verify

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The JSON syntax Jackson's ReaderBasedJsonParser accepts with DS's mapper
// (all JsonReadFeature extensions off): RFC 8259 values, whitespace only
// space, tab, LF and CR, no comments, no single quotes, no unquoted names,
// no NaN/Infinity, no leading zeros or '+', control characters escaped in
// strings, escapes only \" \\ \/ \b \f \n \r \t \uXXXX. Duplicate names are
// allowed. Bytes that are not UTF-8 are accepted inside strings (the JDBC
// driver would have decoded them to U+FFFD) and rejected elsewhere.

type kind uint8

const (
	kInvalid kind = iota
	kObject
	kArray
	kString
	kNumber
	kTrue
	kFalse
	kNull
)

func (k kind) String() string {
	return [...]string{"invalid value", "object", "array", "string", "number", "boolean", "boolean", "null"}[k]
}

// scalar: a token Jackson's getValueAsString turns into text.
func (k kind) scalar() bool {
	return k == kString || k == kNumber || k == kTrue || k == kFalse || k == kNull
}

func kindOf(c byte) kind {
	switch {
	case c == '{':
		return kObject
	case c == '[':
		return kArray
	case c == '"':
		return kString
	case c == '-' || c >= '0' && c <= '9':
		return kNumber
	case c == 't':
		return kTrue
	case c == 'f':
		return kFalse
	case c == 'n':
		return kNull
	}
	return kInvalid
}

// scanner validates JSON text; err says what is wrong at i.
type scanner struct {
	s   string
	i   int
	err string
}

func (sc *scanner) errorf(format string, args ...any) bool {
	if sc.err == "" {
		sc.err = fmt.Sprintf("byte %d: ", sc.i) + fmt.Sprintf(format, args...)
	}
	return false
}

func (sc *scanner) ws() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// value validates one value at i (no leading whitespace) and moves past it.
// Containers are handled with an explicit stack, so nesting depth costs no
// Go stack.
func (sc *scanner) value() bool {
	var stack []byte // '{' or '['
	for {
		if !sc.single(&stack) {
			return false
		}
		// After a value: close containers or expect a separator.
		for {
			if len(stack) == 0 {
				return true
			}
			sc.ws()
			if sc.i >= len(sc.s) {
				return sc.errorf("unexpected end-of-input in an %s", map[byte]string{'{': "object", '[': "array"}[stack[len(stack)-1]])
			}
			c := sc.s[sc.i]
			top := stack[len(stack)-1]
			if c == ',' {
				sc.i++
				sc.ws()
				if top == '{' && !sc.name() {
					return false
				}
				break
			}
			if top == '{' && c == '}' || top == '[' && c == ']' {
				sc.i++
				stack = stack[:len(stack)-1]
				continue
			}
			return sc.errorf("unexpected character %q: expected comma or close marker", rune(c))
		}
	}
}

// single reads a scalar, or opens a container (pushing it) and reads up to its
// first value; empty containers are closed at once.
func (sc *scanner) single(stack *[]byte) bool {
	for {
		sc.ws()
		if sc.i >= len(sc.s) {
			return sc.errorf("unexpected end-of-input: expected a value")
		}
		switch c := sc.s[sc.i]; c {
		case '{':
			sc.i++
			sc.ws()
			if sc.i < len(sc.s) && sc.s[sc.i] == '}' {
				sc.i++
				return true
			}
			if !sc.name() {
				return false
			}
			*stack = append(*stack, '{')
		case '[':
			sc.i++
			sc.ws()
			if sc.i < len(sc.s) && sc.s[sc.i] == ']' {
				sc.i++
				return true
			}
			*stack = append(*stack, '[')
		case '"':
			return sc.str()
		case 't':
			return sc.keyword("true")
		case 'f':
			return sc.keyword("false")
		case 'n':
			return sc.keyword("null")
		default:
			if c == '-' || c >= '0' && c <= '9' {
				return sc.number()
			}
			r, _ := utf8.DecodeRuneInString(sc.s[sc.i:])
			return sc.errorf("unexpected character %q: expected a value", r)
		}
	}
}

// name reads `"name" :` (whitespace skipped before the colon and after it).
func (sc *scanner) name() bool {
	if sc.i >= len(sc.s) || sc.s[sc.i] != '"' {
		return sc.errorf("expected a double-quoted field name")
	}
	if !sc.str() {
		return false
	}
	sc.ws()
	if sc.i >= len(sc.s) || sc.s[sc.i] != ':' {
		return sc.errorf("expected a colon after the field name")
	}
	sc.i++
	return true
}

func (sc *scanner) keyword(word string) bool {
	if !strings.HasPrefix(sc.s[sc.i:], word) {
		return sc.errorf("unrecognized token: expected %s", word)
	}
	sc.i += len(word)
	if sc.i < len(sc.s) && isNameChar(sc.s[sc.i:]) {
		return sc.errorf("unrecognized token %q…", word+sc.s[sc.i:sc.i+1])
	}
	return true
}

// isNameChar approximates Character.isJavaIdentifierPart for the character
// after a keyword (Jackson then reports the whole token as unrecognized).
// Either way the document fails unless the keyword is the root value, which
// never parses as an object.
func isNameChar(s string) bool {
	c := s[0]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

func (sc *scanner) str() bool {
	sc.i++ // opening quote
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		switch {
		case c == '"':
			sc.i++
			return true
		case c == '\\':
			if sc.i+1 >= len(sc.s) {
				return sc.errorf("unexpected end-of-input in an escape")
			}
			switch sc.s[sc.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				sc.i += 2
			case 'u':
				if sc.i+6 > len(sc.s) || !isHex4(sc.s[sc.i+2:sc.i+6]) {
					return sc.errorf("invalid \\u escape")
				}
				sc.i += 6
			default:
				return sc.errorf("unrecognized character escape %q", rune(sc.s[sc.i+1]))
			}
		case c < 0x20:
			return sc.errorf("illegal unquoted character (CTRL-CHAR, code %d): has to be escaped", c)
		default:
			sc.i++
		}
	}
	return sc.errorf("unexpected end-of-input in a string")
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func (sc *scanner) number() bool {
	s, i := sc.s, sc.i
	if s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	start := i
	n := digits()
	switch {
	case n == 0:
		sc.i = i
		return sc.errorf("invalid numeric value: expected a digit")
	case n > 1 && s[start] == '0':
		sc.i = start
		return sc.errorf("invalid numeric value: leading zeroes not allowed")
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			sc.i = i
			return sc.errorf("decimal point not followed by a digit")
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			sc.i = i
			return sc.errorf("exponent indicator not followed by a digit")
		}
	}
	sc.i = i
	return true
}
