package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// serverTZEnv is the environment variable behind --server-timezone.
const serverTZEnv = "DSMIGRATE_SERVER_TIMEZONE"

const serverTZHelp = "IANA zone the DS 2.0 master ran in (its JVM zone): complement dates are computed there, " +
	"as 2.0.9's Quartz did (default $" + serverTZEnv + ", else this machine's local zone: $TZ, else /etc/localtime, else UTC; see docs/transforms.md)"

// addServerTZFlag registers --server-timezone on cmd.
func addServerTZFlag(cmd *cobra.Command, dst *string) {
	cmd.Flags().StringVar(dst, "server-timezone", os.Getenv(serverTZEnv), serverTZHelp)
}

// serverTimezone is the zone name to use: the flag's value, else the local
// zone of the machine running dsmigrate, which it then names on w (stderr),
// since a wrong default silently shifts complement dates.
func serverTimezone(flag string, w io.Writer) string {
	if flag != "" {
		return flag
	}
	name := localZoneName()
	if w != nil {
		fmt.Fprintf(w, "dsmigrate: server time zone %s (this machine's local zone; set --server-timezone or $%s to the zone the DS 2.0 master ran in)\n", name, serverTZEnv)
	}
	return name
}

// localZoneName names this machine's local zone as Go finds it: $TZ
// (without a leading ':'), else the zoneinfo path /etc/localtime links to,
// else UTC.
func localZoneName() string {
	if tz, ok := os.LookupEnv("TZ"); ok {
		tz = strings.TrimPrefix(tz, ":")
		if tz == "" {
			return "UTC"
		}
		if _, err := time.LoadLocation(tz); err == nil {
			return tz
		}
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(target, "zoneinfo/"); ok {
			if _, err := time.LoadLocation(name); err == nil {
				return name
			}
		}
	}
	return "UTC"
}
