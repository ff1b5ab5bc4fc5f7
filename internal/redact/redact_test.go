package redact

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

func TestParam(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"pwd":"hunter2","dt":"2024"}`, `{"pwd":"***","dt":"2024"}`},
		{`{"api_key":"k-123","user":"bob"}`, `{"api_key":"***","user":"bob"}`},
		{`{"auth":"Bearer abc.def"}`, `{"auth":"***"}`},
		{`{"header":"Authorization: Bearer abc.def"}`, `{"header":"Authorization: Bearer ***"}`},
		{`{"pa\u0073sword":"hunter2"}`, `{"pa\u0073sword":"***"}`},
		{`{"url":"jdbc:mysql://u:hunter2@h:3306/db?useSSL=false"}`, `{"url":"jdbc:mysql://u:***@h:3306/db?useSSL=false"}`},
		{`{"url":"jdbc:mysql://h/db?user=u&password=hunter2&x=1"}`, `{"url":"jdbc:mysql://h/db?user=u&password=***&x=1"}`},
		{`{"conn":"Server=h;user=u;password=hunter2;Database=d"}`, `{"conn":"Server=h;user=u;password=***;Database=d"}`},
		{`{"StartParams":"{\"db_password\":\"hunter2\",\"dt\":\"2024\"}"}`, `{"StartParams":"{\"db_password\":\"***\",\"dt\":\"2024\"}"}`},
		{`{"commandParams":[{"prop":"apiToken","direct":"IN","type":"VARCHAR","value":"hunter2"},{"prop":"dt","value":"2024"}]}`,
			`{"commandParams":[{"prop":"apiToken","direct":"IN","type":"VARCHAR","value":"***"},{"prop":"dt","value":"2024"}]}`},
		{`{"commandParams":[{"prop":"pa\u0073s","value":"hunter2"}]}`, `{"commandParams":[{"prop":"pa\u0073s","value":"***"}]}`},
		{`{"token":{"a":"hunter2"},"n":null,"secret":null}`, `{"token":"***","n":null,"secret":null}`},
		{`{"pwd":12345}`, `{"pwd":"***"}`},
		{`{"dt":"2024","nested":{"ok":1}}`, `{"dt":"2024","nested":{"ok":1}}`},
		{`not json password=hunter2 and more`, `not json password=*** and more`},
		{`{"broken": "jdbc:mysql://u:hunter2@h/db"`, `{"broken": "jdbc:mysql://u:***@h/db"`},
		{`"mysql://root:hunter2@db:3306/x"`, `"mysql://root:***@db:3306/x"`},
		{`{"k":"a=b","x":"=","y":"password="}`, `{"k":"a=b","x":"=","y":"password="}`},
		{``, ``},
	}
	for _, c := range cases {
		if got := Param(c.in); got != c.want {
			t.Errorf("Param(%s)\n got %s\nwant %s", c.in, got, c.want)
		}
		if gjson.Valid(c.in) && !gjson.Valid(Param(c.in)) {
			t.Errorf("Param(%s) is not valid JSON", c.in)
		}
	}
}

func TestSecretKey(t *testing.T) {
	for k, want := range map[string]bool{"password": true, "PWD": true, "api-key": true, "ApiKey": true, "Authorization": true,
		"db.passwd": true, "client_secret": true, "accessKeyId": true, "dt": false, "user": false, "host": false} {
		if SecretKey(k) != want {
			t.Errorf("SecretKey(%q) = %v", k, !want)
		}
	}
}

// templates put a secret (%s) where Param must mask it.
var templates = []string{
	`{"password":"%s"}`, `{"pwd":%q}`, `{"pa\u0073sword":"%s"}`, `{"api_key":"%s"}`, `{"auth":"Bearer %s"}`,
	`{"url":"jdbc:mysql://u:%s@h/db"}`, `{"url":"jdbc:mysql://h/db?user=u&password=%s"}`, `{"c":"user=u;password=%s;x=1"}`,
	`{"StartParams":"{\"secret\":\"%s\"}"}`, `{"commandParams":[{"prop":"token","value":"%s"}]}`,
	`{"StartParams":"[{\"prop\":\"password\",\"value\":\"%s\"}]"}`, `password=%s`, `mysql://u:%s@h/db`,
}

func FuzzParam(f *testing.F) {
	for _, s := range []string{"hunter2", "abc", "s3cr3t-Value.x"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, secret string, which int) {
		_ = Param(secret) // never panics on anything
		tpl := templates[(which%len(templates)+len(templates))%len(templates)]
		if len(secret) < 4 || strings.ContainsAny(secret, "\"\\&;,= \t\r\n'})]:/@?#") || !printableASCII(secret) {
			return
		}
		in := strings.Replace(tpl, "%s", secret, 1)
		in = strings.Replace(in, "%q", `"`+secret+`"`, 1)
		if strings.Contains(strings.Replace(in, secret, "", 1), secret) || strings.Contains(strings.ToLower(secret), "bearer") {
			return
		}
		if out := Param(in); strings.Contains(out, secret) {
			t.Fatalf("Param(%s) = %s keeps the secret", in, out)
		}
	})
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
