package transforms

import "testing"

func TestJavaBigDecimalParses(t *testing.T) {
	for tok, want := range map[string]bool{
		"1e-2147483648": false, "1e-2147483647": true, "1.5e-2147483647": false, "1e2147483647": true,
		"1e2147483648": false, "1e-99999999999": false, "1e00000000001": true, "1e0000000000000000000001": true,
		"0e-2147483648": false, "1.5": true, "-0.0": true, "1E+10": true, "10.5e-2147483646": true,
	} {
		if got := javaBigDecimalParses(tok); got != want {
			t.Errorf("javaBigDecimalParses(%s) = %v, want %v", tok, got, want)
		}
	}
	if tok := UnbufferableFloat(`{"a":"1e-2147483648","b":[1, 2.5, {"c":-1E+2147483648}]}`); tok != "-1E+2147483648" {
		t.Errorf("UnbufferableFloat: %q", tok)
	}
}
