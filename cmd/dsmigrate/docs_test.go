package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// TestHelpCitesDocs: help texts point at the repository's docs/ (files that
// exist), never at documents a user does not have.
func TestHelpCitesDocs(t *testing.T) {
	root := testenv.ModuleRoot(t)
	docRE := regexp.MustCompile(`docs/[a-z-]+\.md`)
	for _, args := range [][]string{{"--help"}, {"upgrade", "--help"}, {"plan", "--help"}, {"verify", "--help"},
		{"transform", "--help"}, {"inspect", "--help"}, {"status", "--help"}, {"rollback", "--help"}, {"repair", "--help"}} {
		code, out, _ := dsm(t, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
		for _, bad := range []string{"DESIGN", "reference §", "../shared"} {
			if strings.Contains(out, bad) {
				t.Errorf("%v cites %q", args, bad)
			}
		}
		for _, doc := range docRE.FindAllString(out, -1) {
			if _, err := os.Stat(filepath.Join(root, doc)); err != nil {
				t.Errorf("%v cites %s, which does not exist", args, doc)
			}
		}
	}
	for _, args := range [][]string{{"--help"}, {"upgrade", "--help"}, {"verify", "--help"}, {"transform", "--help"}} {
		if _, out, _ := dsm(t, args...); !docRE.MatchString(out) {
			t.Errorf("%v does not point at docs/", args)
		}
	}
}
