package backfill

import (
	"github.com/dsmigrate/dsmigrate/internal/redact"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// Samples end up on stdout and in dsmigrate_run.summary: secrets are masked
// (internal/redact), and a sample is built only when a rule keeps it —
// masking every changed row cost most of the client's CPU.

// wantsSample reports whether rule name keeps another sample (at most max).
func (s *Summary) wantsSample(name string, max int) bool {
	r := s.Rules[name]
	return r == nil || len(r.Samples) < max
}

// newSample is a before/after sample of a row's param.
func newSample(table string, id int64, before, after transforms.NullString) *Sample {
	return &Sample{Table: table, ID: id, Before: shown(before), After: shown(after)}
}

// shown renders a param for a sample, secrets masked, clipped.
func shown(p transforms.NullString) string {
	if !p.Valid {
		return "NULL"
	}
	s := redact.Param(p.String)
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
