package transforms_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/dsmigrate/dsmigrate/transforms"
)

func ExampleInstance() {
	res := transforms.Instance(transforms.InstanceRow{
		ID:           42,
		CommandType:  transforms.Int(0),
		State:        transforms.Int(1),
		HistoryCmd:   transforms.Str("START_PROCESS"),
		StartTime:    transforms.Str("2024-01-01 00:00:00"),
		CommandParam: transforms.Str(`{"StartNodeList":"123","StartParams":"{\"dt\":\"2024-01-01\"}"}`),
	})
	fmt.Println(res.CommandParam.String)
	fmt.Printf("%+v\n", res.Changes.TestFlag)
	for _, f := range res.Findings {
		fmt.Println(f.Rule+":", f.Message)
	}
	// Output:
	// {"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":[123],"commandParams":[{"prop":"dt","direct":"IN","type":"VARCHAR","value":"2024-01-01"}],"timeZone":null}
	// {Int:0 Valid:true}
	// param-typed: command_param typed as START_PROCESS
	// test-flag: test_flag NULL → 0
	// task-depend-type: task_depend_type NULL → 2 TASK_POST
}

func ExampleCommand() {
	res := transforms.Command(transforms.CommandRow{
		ID:            7,
		CommandType:   transforms.Int(2),
		InstanceState: transforms.Int(1),
		CommandParam:  transforms.Str(`{"ProcessInstanceId":42}`),
	})
	fmt.Println(res.CommandParam.String)
	fmt.Println(res.Action, res.FailoverStatus, res.InstanceRef)
	// Output:
	// {"commandType":"RECOVER_TOLERANCE_FAULT","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null,"workflowExecutionStatus":"RUNNING_EXECUTION"}
	// failover RUNNING_EXECUTION 42
}

func ExampleStream() {
	in := `{"table":"command","id":9,"command_type":1,"state":null,"command_param":"{\"StartNodeList\":\"a\"}"}` + "\n"
	if err := transforms.Stream(strings.NewReader(in), os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// {"table":"command","id":9,"command_param":"{\"StartNodeList\":\"a\"}","param_changed":false,"changes":{},"findings":[],"refused":true,"reason":"StartNodeList: entry \"a\" is not a task code"}
}
