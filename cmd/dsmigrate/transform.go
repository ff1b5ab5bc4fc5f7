package main

import (
	"bufio"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/transforms"
)

func newTransformCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "transform",
		Short: "JSON Lines in (stdin) → typed 3.3 JSON Lines out (stdout), one row at a time, no database",
		Long: `transform runs dsmigrate's transforms on rows you give it, without a database:
one JSON object per input line, one per output line, same order, constant memory.

Input fields (every rule: docs/transforms.md): table ("instance", "command", "error_command" or
"task_instance"), id, command_type, state (for a command: the state of the
instance it points at), history_cmd, is_sub_process, schedule_time,
schedule_timezone, schedule_crons, command_param; instances may add test_flag,
task_depend_type, start_time, restart_time; task instances give task_type,
task_params, state, test_flag.

Output: {"id", "command_param", "changes", "findings", "refused", …}. A refused
row's command_param is its input, unchanged; a bad input line gives a refused
output line, never an abort. Exit code 0.`,
		Example: `  echo '{"table":"instance","id":1,"command_type":0,"state":1,"history_cmd":"START_PROCESS","command_param":"{\"StartNodeList\":\"123\"}"}' | dsmigrate transform`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := bufio.NewWriterSize(g.stdout, 1<<16)
			if err := transforms.Stream(g.stdin, out); err != nil {
				return withCode(exitUsage, err)
			}
			return out.Flush()
		},
	}
}
