package transforms

import (
	"strings"
	"testing"
)

// A lone \uD800-\uDFFF escape is named as such, not as "a JSON string, not text".
func TestUnpairedSurrogateIsNamed(t *testing.T) {
	for _, p := range []string{
		`{"StartParams":"{\"k\":\"\\ud800\"}"}`,
		`{"StartParams":{"k":"x\udc00"}}`,
		`{"StartNodeList":"1,\ud800"}`,
		`{"schedule_timezone":"\udfff"}`,
	} {
		res := Command(CommandRow{CommandType: Int(0), CommandParam: Str(p)})
		if !res.Refused || !strings.Contains(res.Reason, "unpaired UTF-16 surrogate") || strings.Contains(res.Reason, "not text") {
			t.Errorf("%s: refused %v, reason %q", p, res.Refused, res.Reason)
		}
	}
}
