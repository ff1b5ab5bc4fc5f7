// Package redact masks credentials in the params dsmigrate shows as samples
// (plan and upgrade summaries, dsmigrate_run.summary): values of keys that
// name a secret — matched on the decoded key, so pa\u0073sword is password —
// in flat and double-encoded JSON maps and in DS Property lists
// ({"prop":"password","value":…}), and credentials inside text: URL user
// info (jdbc:mysql://u:p@h/db), key=value pairs (?password=…, ;pwd=…) and
// Authorization schemes (Bearer …, Basic …).
//
//	redact.Param(`{"pwd":"hunter2","dt":"2024"}`) // {"pwd":"***","dt":"2024"}
package redact

import (
	"encoding/json"
	"strings"

	"github.com/tidwall/gjson"
)

// Mask replaces a secret.
const Mask = "***"

// secretWords are matched against keys lower-cased with everything but
// letters and digits removed (api_key, Api-Key and apiKey are all apikey).
var secretWords = []string{"pass", "pwd", "secret", "token", "credential", "privatekey", "accesskey", "apikey",
	"auth", "cookie", "session", "signature", "jwt"}

// SecretKey reports whether a (decoded) key names a secret.
func SecretKey(key string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(key) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	k := b.String()
	for _, w := range secretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// Param returns p with every secret it finds masked. JSON is walked as a
// tree (only the parts that change are re-encoded); other text gets the text
// rules. It never fails: anything it cannot parse is treated as text.
func Param(p string) string {
	if gjson.Valid(p) {
		if out, changed := walk(gjson.Parse(p)); changed {
			return out
		}
		return p
	}
	return Text(p)
}

// walk returns the raw JSON of v with secrets masked, and whether it changed.
func walk(v gjson.Result) (string, bool) {
	switch {
	case v.IsObject():
		return walkObject(v)
	case v.IsArray():
		var parts []string
		changed := false
		v.ForEach(func(_, e gjson.Result) bool {
			raw, c := walk(e)
			parts, changed = append(parts, raw), changed || c
			return true
		})
		if !changed {
			return v.Raw, false
		}
		return "[" + strings.Join(parts, ",") + "]", true
	case v.Type == gjson.String:
		return walkString(v)
	}
	return v.Raw, false
}

// walkObject masks the values of secret keys, and the value of a Property
// whose prop names a secret.
func walkObject(v gjson.Result) (string, bool) {
	secretProp := v.Get("prop").Type == gjson.String && SecretKey(v.Get("prop").String())
	var parts []string
	changed := false
	v.ForEach(func(k, e gjson.Result) bool {
		raw, c := walk(e)
		if (SecretKey(k.String()) || (secretProp && k.String() == "value")) && e.Type != gjson.Null && raw != `"`+Mask+`"` {
			raw, c = `"`+Mask+`"`, true
		}
		parts, changed = append(parts, k.Raw+":"+raw), changed || c
		return true
	})
	if !changed {
		return v.Raw, false
	}
	return "{" + strings.Join(parts, ",") + "}", true
}

// walkString masks inside a string: a double-encoded JSON map or list is
// walked, other text gets the text rules.
func walkString(v gjson.Result) (string, bool) {
	s := v.String()
	var out string
	if t := strings.TrimSpace(s); (strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) && gjson.Valid(s) {
		inner, changed := walk(gjson.Parse(s))
		if !changed {
			return v.Raw, false
		}
		out = inner
	} else {
		out = Text(s)
		if out == s {
			return v.Raw, false
		}
	}
	return quote(out), true
}

// quote encodes s as a JSON string, leaving <, > and & as they are.
func quote(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) != nil {
		return `"` + Mask + `"`
	}
	return strings.TrimSuffix(b.String(), "\n")
}
