package backfill

import (
	"github.com/tidwall/gjson"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// fitCharsets rewrites, in place, the JSON values of cols (physical column →
// new value) whose column's character set cannot hold some of their
// characters: those become JSON \uXXXX escapes, which Jackson reads as the
// same string. DS creates its tables in utf8 (3 bytes), so a param whose
// legacy text carried an escaped emoji would otherwise fail the whole batch
// (errors 1366/1271) once the transform decodes it (DESIGN §6). Plan runs
// the same code, so it predicts the escaped value.
func fitCharsets(s *schema.Schema, l schema.Logical, cols map[string]any) {
	for c, v := range cols {
		if text, ok := v.(string); ok {
			cols[c] = fitCharset(s, l, c, text)
		}
	}
}

// fitCharset escapes one JSON value for its column; other text is left as it
// is (a value that does not fit is then refused by the server, see split.go).
func fitCharset(s *schema.Schema, l schema.Logical, column, text string) string {
	fits := transforms.CharsetFits(s.Charset(l, column))
	if fits == nil || !gjson.Valid(text) {
		return text
	}
	return transforms.EscapeUnfit(text, fits)
}
