package transforms

import (
	"math"
	"strconv"
	"strings"
)

// Jackson buffers the members of a param that come before its "commandType"
// (AsPropertyTypeDeserializer → TokenBuffer.copyCurrentStructure) and, since
// 2.12, copies every float token in them, at any depth, as
// new BigDecimal(text) (getNumberValueExact), which throws where a double
// would not (issue #12.5). verify's V01 model and checkTyped both use this.

// UnbufferableFloat returns the first float token in raw (a validated JSON
// value) that new BigDecimal(token) rejects, "" when there is none.
func UnbufferableFloat(raw string) string {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '"':
			i = skipString(raw, i)
		case c == '-' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(raw) && strings.IndexByte("0123456789.eE+-", raw[j]) >= 0 {
				j++
			}
			if tok := raw[i:j]; strings.ContainsAny(tok, ".eE") && !javaBigDecimalParses(tok) {
				return tok
			}
			i = j
		default:
			i++
		}
	}
	return ""
}

// skipString returns the index just after the JSON string starting at i.
func skipString(raw string, i int) int {
	for i++; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// javaBigDecimalParses is whether new BigDecimal(tok) accepts a JSON float
// token (JDK 8–21 BigDecimal(char[], int, int, MathContext)).
func javaBigDecimalParses(tok string) bool {
	mant, expText, hasExp := strings.Cut(strings.ToLower(tok), "e")
	_, frac, _ := strings.Cut(mant, ".")
	scale := int64(len(frac))
	if !hasExp {
		return scale <= math.MaxInt32
	}
	neg := strings.HasPrefix(expText, "-")
	expText = strings.TrimLeft(expText, "+-")
	// parseExp skips leading zeros only while more than 10 digits remain.
	for len(expText) > 10 && expText[0] == '0' {
		expText = expText[1:]
	}
	if len(expText) > 10 {
		return false // "Too many nonzero exponent digits."
	}
	exp, err := strconv.ParseInt(expText, 10, 64)
	if err != nil {
		return false
	}
	if neg {
		exp = -exp
	}
	if exp < math.MinInt32 || exp > math.MaxInt32 {
		return false // "Exponent overflow."
	}
	if exp == 0 {
		return true
	}
	adjusted := scale - exp
	return adjusted >= math.MinInt32 && adjusted <= math.MaxInt32 // "Scale out of range."
}
