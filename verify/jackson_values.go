package verify

import (
	"math"
	"strconv"
	"strings"
)

// Jackson 2.13 coercions with DS's mapper (coercion configs at their
// defaults, ALLOW_COERCION_OF_SCALARS and ACCEPT_FLOAT_AS_INT on,
// ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT on, READ_UNKNOWN_ENUM_VALUES_AS_NULL on).
// Each function returns the Java value and "" or why the conversion throws.
// buffered: the value was replayed from a TokenBuffer (a member before the
// type id), where a float is a BigDecimal instead of a double.

// toBool is a primitive boolean (subWorkflowInstance).
func toBool(v node) (bool, string) {
	switch v.kind {
	case kTrue:
		return true, ""
	case kFalse, kNull: // null: the primitive's default
		return false, ""
	case kNumber:
		if !isIntToken(v.raw) {
			return false, "a JSON float, not a boolean (only integers coerce)"
		}
		return strings.Trim(v.raw, "-0") != "", ""
	case kString:
		t := v.text(false)
		if isBlank(t) { // "" and all-whitespace coerce to null → false
			return false, ""
		}
		switch javaTrim(t) {
		case "true", "True", "TRUE":
			return true, ""
		case "false", "False", "FALSE", "null":
			return false, ""
		}
		return false, "string " + strconv.Quote(clip(t)) + " is not a boolean (only \"true\"/\"True\"/\"TRUE\" or \"false\"/\"False\"/\"FALSE\")"
	}
	return false, "a JSON " + v.kind.String() + ", not a boolean"
}

// toLongList is List<Long> (startNodes).
func toLongList(v node, buffered bool) ([]NullLong, bool, string) {
	switch v.kind {
	case kNull:
		return nil, false, ""
	case kArray:
	default:
		return nil, false, "a JSON " + v.kind.String() + ", not an array (ACCEPT_SINGLE_VALUE_AS_ARRAY is off)"
	}
	elems := v.elements()
	out := make([]NullLong, 0, len(elems))
	for _, e := range elems {
		n, valid, why := toNumber(e, buffered, 64)
		if why != "" {
			return nil, false, "element " + clip(e.raw) + ": " + why
		}
		out = append(out, NullLong{Value: n, Valid: valid})
	}
	return out, true, ""
}

// toInteger is java.lang.Integer (workflowInstanceId).
func toInteger(v node, buffered bool) (*int32, string) {
	n, valid, why := toNumber(v, buffered, 32)
	if why != "" || !valid {
		return nil, why
	}
	i := int32(n)
	return &i, ""
}

// toNumber is a wrapper Long (bits 64) or Integer (bits 32): valid false is null.
func toNumber(v node, buffered bool, bits int) (int64, bool, string) {
	switch v.kind {
	case kNull:
		return 0, false, ""
	case kNumber:
		if isIntToken(v.raw) {
			n, err := strconv.ParseInt(v.raw, 10, bits)
			if err != nil {
				return 0, false, "numeric value " + clip(v.raw) + " out of range of " + javaType(bits)
			}
			return n, true, ""
		}
		if buffered {
			n, ok := decimalToInt(v.raw, bits)
			if !ok {
				return 0, false, "numeric value " + clip(v.raw) + " out of range of " + javaType(bits)
			}
			return n, true, ""
		}
		n, ok := doubleToInt(v.raw, bits)
		if !ok {
			return 0, false, "numeric value " + clip(v.raw) + " out of range of " + javaType(bits)
		}
		return n, true, ""
	case kString:
		t := v.text(false)
		if isBlank(t) {
			return 0, false, "" // "" and blank coerce to null
		}
		t = javaTrim(t)
		if t == "null" {
			return 0, false, ""
		}
		n, ok := javaParseLong(t)
		if !ok || bits == 32 && (n < math.MinInt32 || n > math.MaxInt32) {
			return 0, false, "string " + strconv.Quote(clip(t)) + " is not a valid " + javaType(bits)
		}
		return n, true, ""
	case kArray:
		if len(v.elements()) == 0 {
			return 0, false, "" // ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT
		}
		return 0, false, "a JSON array, not a " + javaType(bits)
	}
	return 0, false, "a JSON " + v.kind.String() + ", not a " + javaType(bits)
}

func javaType(bits int) string {
	if bits == 32 {
		return "int"
	}
	return "long"
}

// toString is java.lang.String (timeZone, Property.prop/value).
func toString(v node, buffered bool) (*string, string) {
	switch v.kind {
	case kNull:
		return nil, ""
	case kString, kNumber, kTrue, kFalse:
		t := v.text(buffered)
		return &t, ""
	case kArray:
		if len(v.elements()) == 0 {
			return nil, "" // ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT
		}
		return nil, "a JSON array, not a string"
	}
	return nil, "a JSON object, not a string"
}

// toStringList is List<String> (backfillTimeList), which Jackson reads with
// its StringCollectionDeserializer: a nested array element fails, even [].
func toStringList(v node, buffered bool) ([]*string, bool, string) {
	switch v.kind {
	case kNull:
		return nil, false, ""
	case kArray:
	default:
		return nil, false, "a JSON " + v.kind.String() + ", not an array"
	}
	elems := v.elements()
	out := make([]*string, 0, len(elems))
	for _, e := range elems {
		switch e.kind {
		case kNull:
			out = append(out, nil)
		case kString, kNumber, kTrue, kFalse:
			t := e.text(buffered)
			out = append(out, &t)
		default:
			return nil, false, "element " + clip(e.raw) + ": a JSON " + e.kind.String() + ", not a string"
		}
	}
	return out, true, ""
}

// toEnum is a Java enum read by EnumDeserializer: a name, else (unknown enum
// values as null) null; a JSON integer or a string of ASCII digits is an
// ordinal (null when out of range). fromNumber: the value was an ordinal.
func toEnum(v node, buffered bool, names []string) (name string, fromNumber bool, why string) {
	switch v.kind {
	case kNull:
		return "", false, ""
	case kString:
		t := v.text(false)
		if i := indexOf(names, t); i >= 0 {
			return names[i], false, ""
		}
		t = javaTrim(t)
		if i := indexOf(names, t); i >= 0 {
			return names[i], false, ""
		}
		if t == "" || t[0] < '0' || t[0] > '9' {
			return "", false, ""
		}
		n, ok := javaParseLong(t)
		if ok && n >= 0 && n < int64(len(names)) {
			return names[n], true, ""
		}
		return "", false, ""
	case kNumber:
		if !isIntToken(v.raw) {
			return "", false, "a JSON float, not an enum name or ordinal"
		}
		n, err := strconv.ParseInt(v.raw, 10, 32)
		if err != nil {
			return "", false, "numeric value " + clip(v.raw) + " out of range of int"
		}
		if n >= 0 && n < int64(len(names)) {
			return names[n], true, ""
		}
		return "", true, ""
	case kArray:
		if len(v.elements()) == 0 {
			return "", false, ""
		}
		return "", false, "a JSON array, not an enum name"
	}
	return "", false, "a JSON " + v.kind.String() + ", not an enum name"
}

func indexOf(names []string, s string) int {
	for i, n := range names {
		if n == s {
			return i
		}
	}
	return -1
}

// toPropertyList is List<Property> (commandParams).
func toPropertyList(v node, buffered bool) string {
	switch v.kind {
	case kNull:
		return ""
	case kArray:
	default:
		return "a JSON " + v.kind.String() + ", not an array of properties"
	}
	for _, e := range v.elements() {
		switch {
		case e.kind == kNull:
		case e.kind == kArray && len(e.elements()) == 0: // read as a null Property
		case e.kind == kObject:
			for _, m := range e.members() {
				var why string
				switch m.key {
				case "prop", "value":
					_, why = toString(m.val, buffered)
				case "direct":
					_, _, why = toEnum(m.val, buffered, directNames)
				case "type":
					_, _, why = toEnum(m.val, buffered, dataTypeNames)
				}
				if why != "" {
					return "property " + m.key + ": " + why
				}
			}
		default:
			return "an element is a JSON " + e.kind.String() + ", not a Property object"
		}
	}
	return ""
}

// isBlank is Jackson's _isBlank: every char <= U+0020 (true for "").
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > ' ' {
			return false
		}
	}
	return true
}

// javaTrim is String.trim: strips chars <= U+0020 at both ends.
func javaTrim(s string) string {
	i, j := 0, len(s)
	for i < j && s[i] <= ' ' {
		i++
	}
	for j > i && s[j-1] <= ' ' {
		j--
	}
	return s[i:j]
}
