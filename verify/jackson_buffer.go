package verify

import "github.com/dsmigrate/dsmigrate/transforms"

// Members before the type id are buffered (AsPropertyTypeDeserializer →
// TokenBuffer.copyCurrentStructure). Since Jackson 2.12 the buffer copies
// every float token, at any depth, with getNumberValueExact(), i.e. as
// new BigDecimal(text), which throws NumberFormatException ("Malformed
// numeric value") where a double would not: an exponent with more than 10
// significant digits, an exponent outside int, or a scale (fraction digits
// minus exponent) outside int (java.math.BigDecimal(char[],…): parseExp,
// "Exponent overflow", adjustScale). Unbuffered members (after the type id,
// or in the ["ID", {…}] wrapper form) are not converted, so they parse
// (issue #12.5; oracle-checked in TestOracleAgreement's float shapes).

// unbufferableFloat returns the first float token in raw (a validated JSON
// value) that new BigDecimal(token) rejects, "" when there is none.
func unbufferableFloat(raw string) string { return transforms.UnbufferableFloat(raw) }
