package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dsmigrate/dsmigrate/transforms"
)

func newTransformCmd(g *globals) *cobra.Command {
	var serverTZ string
	cmd := &cobra.Command{
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
output line, never an abort. Exit code 0.

Complement dates are computed in --server-timezone (the zone the DS 2.0
master ran in; default $DSMIGRATE_SERVER_TIMEZONE, else this machine's local
zone), as 2.0.9's Quartz did: a local time a DST gap skips is never listed.`,
		Example: `  echo '{"table":"instance","id":1,"command_type":0,"state":1,"history_cmd":"START_PROCESS","command_param":"{\"StartNodeList\":\"123\"}"}' | dsmigrate transform`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			zone, err := transforms.ServerZone(serverTimezone(serverTZ, g.stderr))
			if err != nil {
				return withCode(exitUsage, fmt.Errorf("--server-timezone: %w", err))
			}
			out := bufio.NewWriterSize(g.stdout, 1<<16)
			if err := transforms.StreamInZone(g.stdin, out, zone); err != nil {
				return withCode(exitUsage, err)
			}
			return out.Flush()
		},
	}
	addServerTZFlag(cmd, &serverTZ)
	return cmd
}
