package transforms

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// typedParam is a 3.3 ICommandParam as DS writes it (reference §3.1, §3.4):
// {"commandType":ID,"subWorkflowInstance":bool,"startNodes":[…]|null,
// "commandParams":[…]|null,"timeZone":…|null, …subtype fields}.
type typedParam struct {
	id         string
	sub        bool
	startNodes []int64    // nil: null
	props      []property // empty: null
	timeZone   NullString
	backfill   []string // COMPLEMENT_DATA only; always written as an array
	status     string   // RECOVER_TOLERANCE_FAULT only
}

// property is a 3.3 Property {"prop":k,"direct":"IN","type":"VARCHAR","value":v}
// (reference §3.1; what 3.2.2 builds from StartParams at run time, §6).
type property struct {
	prop  string
	value NullString
	seq   int // input order, so that the later of two equal props wins
}

// appendJSON writes p with the field order and spelling Jackson uses for the
// DS 3.3 classes (fields of AbstractCommandParam first, then the subtype's).
func (p *typedParam) appendJSON(b []byte) []byte {
	b = append(b, `{"commandType":`...)
	b = appendJSONString(b, p.id)
	b = append(b, `,"subWorkflowInstance":`...)
	b = strconv.AppendBool(b, p.sub)
	b = append(b, `,"startNodes":`...)
	if p.startNodes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, c := range p.startNodes {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, c, 10)
		}
		b = append(b, ']')
	}
	b = append(b, `,"commandParams":`...)
	if len(p.props) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, pr := range p.props {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"prop":`...)
			b = appendJSONString(b, pr.prop)
			b = append(b, `,"direct":"IN","type":"VARCHAR","value":`...)
			b = appendNullString(b, pr.value)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"timeZone":`...)
	b = appendNullString(b, p.timeZone)
	switch p.id {
	case idComplement:
		b = append(b, `,"backfillTimeList":[`...)
		for i, d := range p.backfill {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, d)
		}
		b = append(b, ']')
	case idFailover:
		b = append(b, `,"workflowExecutionStatus":`...)
		b = appendJSONString(b, p.status)
	}
	return append(b, '}')
}

func (p *typedParam) String() string {
	n := 112 + 16*len(p.startNodes) + 22*len(p.backfill)
	for _, pr := range p.props {
		n += 56 + len(pr.prop) + len(pr.value.String)
	}
	return string(p.appendJSON(make([]byte, 0, n)))
}

func appendNullString(b []byte, s NullString) []byte {
	if !s.Valid {
		return append(b, "null"...)
	}
	return appendJSONString(b, s.String)
}

const hexDigits = "0123456789ABCDEF"

// appendJSONString quotes s the way Jackson's default generator does: only
// '"', '\\' and control characters are escaped (\b \t \n \f \r short, the
// rest as \u00XX, upper-case hex); non-ASCII is written as UTF-8. Invalid
// UTF-8 (never in a param: inputs are checked) becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			if r, n := utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError && n == 1 {
				b = append(b, s[start:i]...)
				b = append(b, "\uFFFD"...)
				start = i + 1
			} else {
				i += n - 1
			}
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\f':
			b = append(b, '\\', 'f')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonText decodes a gjson string token. ok=false when the token holds an
// unpaired UTF-16 surrogate escape (gjson would turn it into U+FFFD, which
// would silently change the value).
func jsonText(r gjson.Result) (string, bool) {
	if strings.Contains(r.Raw, `\u`) && loneSurrogate(r.Raw) {
		return "", false
	}
	return r.Str, true
}

// loneSurrogate reports whether a raw JSON string token has a \uD800-\uDFFF
// escape that is not part of a high+low pair.
func loneSurrogate(raw string) bool {
	for i := 0; i+5 < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if raw[i+1] != 'u' {
			i++ // skip the escaped character (it may be a backslash)
			continue
		}
		v, err := strconv.ParseUint(raw[i+2:i+6], 16, 16)
		if err != nil {
			return true // invalid escape: treat as unusable
		}
		switch {
		case v >= 0xD800 && v <= 0xDBFF:
			j := i + 6
			if j+5 >= len(raw) || raw[j] != '\\' || raw[j+1] != 'u' {
				return true
			}
			lo, err := strconv.ParseUint(raw[j+2:j+6], 16, 16)
			if err != nil || lo < 0xDC00 || lo > 0xDFFF {
				return true
			}
			i = j + 5
		case v >= 0xDC00 && v <= 0xDFFF:
			return true
		default:
			i += 5
		}
	}
	return false
}
