package transforms

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestEscapeUnfit(t *testing.T) {
	utf8mb3 := CharsetFits("utf8mb3")
	latin1 := CharsetFits("latin1")
	cases := []struct {
		name, in, want string
		fits           func(rune) bool
	}{
		{"emoji in a string", `{"msg":"😀"}`, `{"msg":"\ud83d\ude00"}`, utf8mb3},
		{"double-encoded", `{"StartParams":"{\"msg\":\"😀x\"}"}`, `{"StartParams":"{\"msg\":\"\ud83d\ude00x\"}"}`, utf8mb3},
		{"BMP kept", `{"k":"äö中"}`, `{"k":"äö中"}`, utf8mb3},
		{"astral in key", `{"𝄞":1}`, `{"\ud834\udd1e":1}`, utf8mb3},
		{"utf8mb4 keeps all", `{"k":"😀"}`, `{"k":"😀"}`, CharsetFits("utf8mb4")},
		{"latin1 escapes CJK", `["中é"]`, `["\u4e2dé"]`, latin1},
		{"latin1 escapes C1 range", "[\"\u0085\"]", `["\u0085"]`, latin1},
		{"ascii only", `"é"`, `"\u00e9"`, CharsetFits("ascii")},
		{"invalid bytes untouched", "\"\xff😀\"", "\"\xff\\ud83d\\ude00\"", utf8mb3},
		{"empty", ``, ``, utf8mb3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := EscapeUnfit(c.in, c.fits); got != c.want {
				t.Errorf("EscapeUnfit(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestCharsetFits(t *testing.T) {
	for _, cs := range []string{"", "utf8mb4", "binary", "UTF8MB4"} {
		if CharsetFits(cs) != nil {
			t.Errorf("%q: want nil (holds everything)", cs)
		}
	}
	if f := CharsetFits("UTF8"); f == nil || f('😀') || !f('中') {
		t.Error("utf8 must hold the BMP only")
	}
}

func FuzzEscapeUnfit(f *testing.F) {
	for _, s := range []string{`{"msg":"😀"}`, `{"StartParams":"{\"msg\":\"\\ud83d\\ude00\"}"}`, `["a","中","𝄞"]`, `"\ud83d\ude00"`, `1`} {
		f.Add(s)
	}
	fits := CharsetFits("utf8")
	f.Fuzz(func(t *testing.T, in string) {
		out := EscapeUnfit(in, fits)
		if utf8.ValidString(in) {
			for _, r := range out {
				if !fits(r) {
					t.Fatalf("EscapeUnfit(%q) = %q keeps %q", in, out, r)
				}
			}
		}
		var a, b any
		if json.Unmarshal([]byte(in), &a) != nil || !utf8.ValidString(in) {
			return
		}
		if err := json.Unmarshal([]byte(out), &b); err != nil {
			t.Fatalf("EscapeUnfit(%q) = %q: not valid JSON: %v", in, out, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("EscapeUnfit(%q) = %q: parses to %v, want %v", in, out, b, a)
		}
	})
}
