package transforms

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// EscapeUnfit rewrites every character of a JSON text that fits cannot hold
// as a JSON \uXXXX escape (characters outside the BMP as a UTF-16 surrogate
// pair, as Jackson writes and reads them), so the value can be stored in a
// column whose charset lacks them — DS's utf8 (3-byte) columns cannot hold
// emoji — and still parses to the same value. Outside string literals valid
// JSON is ASCII, so every such character is inside a string, where an escape
// means the same character. It returns s itself when nothing needs escaping.
func EscapeUnfit(s string, fits func(rune) bool) string {
	if fits == nil {
		return s
	}
	i := strings.IndexFunc(s, func(r rune) bool { return !fits(r) && r != utf8.RuneError })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for rest := s[i:]; rest != ""; {
		r, size := utf8.DecodeRuneInString(rest)
		if fits(r) || (r == utf8.RuneError && size == 1) {
			b.WriteString(rest[:size]) // invalid bytes stay as they are
			rest = rest[size:]
			continue
		}
		rest = rest[size:]
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			writeEscape(&b, r1)
			writeEscape(&b, r2)
			continue
		}
		writeEscape(&b, r)
	}
	return b.String()
}

func writeEscape(b *strings.Builder, r rune) {
	const hex = "0123456789abcdef"
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hex[(r>>shift)&0xF])
	}
}

// CharsetFits returns which characters a MySQL/MariaDB character set holds
// (nil for "", utf8mb4 and sets not known to lack characters: all).
func CharsetFits(charset string) func(rune) bool {
	switch strings.ToLower(charset) {
	case "utf8", "utf8mb3", "ucs2":
		return func(r rune) bool { return r <= 0xFFFF }
	case "ascii":
		return func(r rune) bool { return r < 0x80 }
	case "latin1":
		// MySQL's latin1 is cp1252; 0x80–0x9F differ from Unicode, so keep to the common range.
		return func(r rune) bool { return r < 0x80 || (r >= 0xA0 && r <= 0xFF) }
	}
	return nil
}
