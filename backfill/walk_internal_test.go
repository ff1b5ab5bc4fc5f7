package backfill

import (
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/transforms"
)

func TestSamplesMaskSecrets(t *testing.T) {
	cases := map[string]string{
		`{"StartParams":"{\"db_password\":\"hunter2\",\"dt\":\"2024\"}"}`: `2024`,
		`{"password":"hunter2","user":"bob"}`:                             `bob`,
		`{"commandType":"START_PROCESS","commandParams":[{"prop":"apiToken","direct":"IN","type":"VARCHAR","value":"hunter2"},{"prop":"dt","direct":"IN","type":"VARCHAR","value":"2024"}]}`: `2024`,
	}
	for in, keep := range cases {
		got := shown(transforms.Str(in))
		if strings.Contains(got, "hunter2") || !strings.Contains(got, keep) || !strings.Contains(got, "***") {
			t.Errorf("shown(%s) = %s", in, got)
		}
	}
}
