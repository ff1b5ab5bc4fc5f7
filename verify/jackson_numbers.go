package verify

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Java number semantics the coercions need: Jackson's range checks and
// casts, Long.parseLong, BigDecimal.toString.

// doubleToInt is ParserBase.convertNumberToLong/Int from a double: bounds
// checked against (double) MIN/MAX, then Java's truncating cast.
func doubleToInt(raw string, bits int) (int64, bool) {
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil && !math.IsInf(f, 0) {
		return 0, false
	}
	lo, hi := float64(math.MinInt64), float64(math.MaxInt64) // hi rounds to 2^63, as in Java
	if bits == 32 {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	if f < lo || f > hi || math.IsNaN(f) {
		return 0, false
	}
	if bits == 64 && f >= hi {
		return math.MaxInt64, true // (long) 2^63 saturates
	}
	return int64(f), true
}

// decimalToInt is TokenBuffer's BigDecimal → long/int: the exact value must
// lie within [MIN, MAX], then BigDecimal.longValue truncates.
func decimalToInt(raw string, bits int) (int64, bool) {
	neg := raw[0] == '-'
	if neg {
		raw = raw[1:]
	}
	mant, exp := raw, 0
	if i := strings.IndexAny(raw, "eE"); i >= 0 {
		mant = raw[:i]
		e, err := strconv.Atoi(strings.TrimPrefix(raw[i+1:], "+"))
		if err != nil { // an exponent beyond int: decided by its sign
			if strings.HasPrefix(raw[i+1:], "-") {
				return 0, true
			}
			return 0, !hasNonZero(mant)
		}
		exp = e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		return 0, true
	}
	shift := exp - len(frac) // value = digits × 10^shift
	intLen := len(digits) + shift
	if intLen <= 0 {
		return 0, true // |value| < 1
	}
	if intLen > 20 {
		return 0, false
	}
	whole, rest := digits, ""
	if shift >= 0 {
		whole = digits + strings.Repeat("0", shift)
	} else {
		whole, rest = digits[:intLen], digits[intLen:]
	}
	limit := uint64(math.MaxInt64)
	if bits == 32 {
		limit = math.MaxInt32
	}
	if neg {
		limit++
	}
	u, err := strconv.ParseUint(whole, 10, 64)
	if err != nil || u > limit || u == limit && hasNonZero(rest) {
		return 0, false
	}
	if neg {
		return -int64(u-1) - 1, true
	}
	return int64(u), true
}

func hasNonZero(s string) bool { return strings.Trim(s, "0.") != "" }

// javaParseLong is Long.parseLong(s, 10): an optional sign, then digits as
// Character.digit(char, 10) sees them: any BMP decimal digit (Nd), not only
// ASCII; characters are UTF-16 units, so supplementary digits never count.
func javaParseLong(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
		if s == "" {
			return 0, false
		}
	}
	var u uint64
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	for _, r := range s {
		d := digitValue(r)
		if d < 0 || u > (limit-uint64(d))/10 {
			return 0, false
		}
		u = u*10 + uint64(d)
	}
	if neg {
		return -int64(u-1) - 1, true
	}
	return int64(u), true
}

// digitValue is Character.digit(ch, 10) for a BMP char, -1 when not a digit.
// Unicode lays every decimal digit set out as ten consecutive code points
// from ZERO, and each Nd range starts at a ZERO, so the value is the offset
// modulo 10.
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if r < 0x80 || r > 0xFFFF || r == utf8.RuneError {
		return -1
	}
	for _, rg := range unicode.Nd.R16 {
		if uint16(r) >= rg.Lo && uint16(r) <= rg.Hi {
			if (uint16(r)-rg.Lo)%rg.Stride != 0 {
				return -1
			}
			return int(uint16(r)-rg.Lo) % 10
		}
	}
	return -1
}

// bigDecimalString is new BigDecimal(raw).toString(): how a buffered float
// reads as text.
func bigDecimalString(raw string) string {
	neg := raw[0] == '-'
	if neg {
		raw = raw[1:]
	}
	mant, exp := raw, int64(0)
	if i := strings.IndexAny(raw, "eE"); i >= 0 {
		mant = raw[:i]
		exp, _ = strconv.ParseInt(strings.TrimPrefix(raw[i+1:], "+"), 10, 64)
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	coeff := strings.TrimLeft(intPart+frac, "0")
	if coeff == "" {
		coeff, neg = "0", false
	}
	scale := int64(len(frac)) - exp
	sign := ""
	if neg {
		sign = "-"
	}
	if scale == 0 {
		return sign + coeff
	}
	adjusted := -scale + int64(len(coeff)-1)
	if scale > 0 && adjusted >= -6 {
		if int64(len(coeff)) > scale {
			at := int64(len(coeff)) - scale
			return sign + coeff[:at] + "." + coeff[at:]
		}
		return sign + "0." + strings.Repeat("0", int(scale-int64(len(coeff)))) + coeff
	}
	out := sign + coeff[:1]
	if len(coeff) > 1 {
		out += "." + coeff[1:]
	}
	out += "E"
	if adjusted >= 0 {
		out += "+"
	}
	return out + strconv.FormatInt(adjusted, 10)
}
