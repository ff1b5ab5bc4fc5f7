package verify

import (
	"fmt"
	"testing"
)

// floatShape is a param whose verdict hinges on a float Jackson buffers as a
// BigDecimal (issue #12.5), with real Jackson's verdict (checked by
// TestOracleAgreement, which adds these shapes to its corpus).
type floatShape struct {
	param  string
	target Target
	ok     bool
}

var floatShapes = []floatShape{
	// Before the type id: buffered, new BigDecimal throws.
	{`{"x":1e-2147483648,"commandType":"START_PROCESS"}`, ICommandParam, false},
	{`{"x":1e99999999999,"commandType":"START_PROCESS"}`, ICommandParam, false},
	{`{"timeZone":1.5e-2147483647,"commandType":"SCHEDULER"}`, ICommandParam, false},
	{`{"startNodes":[1e-99999999999],"commandType":"START_PROCESS"}`, ICommandParam, false},
	{`{"commandType":{},"x":[0e-2147483648],"commandType":"START_PROCESS"}`, ICommandParam, false},
	{`{"x":1e-2147483648,"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"READY_STOP"}`, FailoverCommandParam, false},
	{`{"x":1e-2147483648,"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"READY_STOP"}`, ICommandParam, false},
	{`{"x":{"y":[{"z":-1E+2147483648}]},"commandType":"START_PROCESS"}`, ICommandParam, false},
	{`{"x":1.0e-2147483647,"commandType":"START_PROCESS"}`, ICommandParam, false},
	{`{"x":"1e-2147483648","y":2e-2147483648,"commandType":"START_PROCESS"}`, ICommandParam, false},
	// Controls: the same numbers after the type id, or in the wrapper form, are never converted.
	{`{"commandType":"START_PROCESS","x":1e-2147483648}`, ICommandParam, true},
	{`{"commandType":"START_PROCESS","x":1e99999999999}`, ICommandParam, true},
	{`{"commandType":"SCHEDULER","x":[0e-2147483648]}`, ICommandParam, true},
	{`["START_PROCESS",{"x":1e-2147483648}]`, ICommandParam, true},
	{`["RECOVER_TOLERANCE_FAULT",{"x":1e-2147483648,"workflowExecutionStatus":"READY_STOP"}]`, FailoverCommandParam, true},
	// Controls: floats BigDecimal holds, before the type id.
	{`{"x":1e-2147483647,"commandType":"START_PROCESS"}`, ICommandParam, true},
	{`{"x":1e2147483647,"commandType":"START_PROCESS"}`, ICommandParam, true},
	{`{"x":1e0000000000002,"commandType":"START_PROCESS"}`, ICommandParam, true},
	{`{"x":1.5e400,"y":[1e-400],"commandType":"START_PROCESS"}`, ICommandParam, true},
	{`{"x":"1e99999999999","commandType":"START_PROCESS"}`, ICommandParam, true},
	{`{"x":12345678901234567890123,"commandType":"START_PROCESS"}`, ICommandParam, true},
}

// TestJacksonBufferedFloats: V01 fails a param exactly when a float before
// the type id is one BigDecimal cannot hold.
func TestJacksonBufferedFloats(t *testing.T) {
	for _, c := range floatShapes {
		got := ParseCommandParam(&c.param, c.target)
		if got.OK != c.ok {
			t.Errorf("%s as %s: model ok=%v (%s), Jackson ok=%v", c.param, targetName(c.target), got.OK, got.Reason, c.ok)
		}
	}
}

// floatShapeCases are floatShapes for the oracle agreement corpus.
func floatShapeCases() []agreementCase {
	out := make([]agreementCase, len(floatShapes))
	for i, c := range floatShapes {
		p := c.param
		out[i] = agreementCase{key: fmt.Sprintf("float-shape/%d", i), param: &p, target: c.target, origin: "float-shapes"}
	}
	return out
}
