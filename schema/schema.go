// Package schema detects which DolphinScheduler schema shape a database has,
// from information_schema only (never from t_ds_version, which upstream has
// shipped wrong: reference §1.1), and maps dsmigrate's logical table and
// column names to the physical ones of that shape.
//
//	s, err := schema.Detect(ctx, db)
//	// s.Shape == schema.Shape20, s.Table(schema.Instance) == "t_ds_process_instance",
//	// s.Column(schema.Command, schema.InstanceID) == "process_instance_id"
package schema

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dsmigrate/dsmigrate/dialect"
)

// Shape names a schema layout. The strings are part of the JSON contract.
type Shape string

const (
	Shape20      Shape = "2.0"     // 2.0.x tables and columns
	Shape30To32  Shape = "3.0-3.2" // 3.0.0 steps applied, process_* names kept
	Shape33      Shape = "3.3"     // 3.3.0 renames applied (t_ds_workflow_*)
	ShapeMixed   Shape = "mixed"   // the 3.3.0 rename is half applied
	ShapeUnknown Shape = "unknown" // not a DolphinScheduler schema dsmigrate knows
)

// Writable reports whether dsmigrate may write to a database of this shape.
func (s Shape) Writable() bool { return s == Shape20 || s == Shape30To32 || s == Shape33 }

// Schema is what Detect found.
type Schema struct {
	Database   string
	Dialect    dialect.Dialect // the engine's; nil only for a Schema not made by Detect
	Shape      Shape
	Reasons    []string           // why the shape is mixed or unknown
	VersionRow string             // t_ds_version.version, "" when absent; informative only
	tables     map[Logical]string // logical → physical table
	columns    map[string]map[string]bool
	onUpdate   map[string]map[string]bool    // physical table → ON UPDATE columns
	maxBytes   map[string]map[string]int64   // physical table → text column → capacity in bytes
	charsets   map[string]map[string]string  // physical table → text column → character set
	maxInts    map[string]map[string]int64   // physical table → integer column → largest value
	renamed    map[Logical]map[string]string // logical column → physical column
}

// Table returns the physical name of a logical table ("" when absent).
func (s *Schema) Table(l Logical) string { return s.tables[l] }

// Tables returns the logical → physical map of the tables present.
func (s *Schema) Tables() map[Logical]string {
	out := make(map[Logical]string, len(s.tables))
	for k, v := range s.tables {
		out[k] = v
	}
	return out
}

// Column returns the physical name of a column of a logical table. Columns
// 3.3.0 renamed are asked for by their logical name (DefinitionCode, …);
// any other column by its own name. It returns "" when the column is absent.
func (s *Schema) Column(l Logical, column string) string {
	if phys, ok := s.renamed[l][column]; ok {
		return phys
	}
	if s.columns[s.tables[l]][column] {
		return column
	}
	return ""
}

// HasTable reports whether a physical table exists (any table, not only the
// logical ones).
func (s *Schema) HasTable(physical string) bool {
	_, ok := s.columns[physical]
	return ok
}

// Columns returns the physical columns of a logical table, sorted.
func (s *Schema) Columns(l Logical) []string {
	var out []string
	for c := range s.columns[s.tables[l]] {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// HasColumn reports whether a logical table has a column (logical name).
func (s *Schema) HasColumn(l Logical, column string) bool { return s.Column(l, column) != "" }

// MustColumn is Column that returns an error naming the table when absent.
func (s *Schema) MustColumn(l Logical, column string) (string, error) {
	if c := s.Column(l, column); c != "" {
		return c, nil
	}
	return "", fmt.Errorf("column %s of %s (%s) not found in schema %s", column, l, s.tables[l], s.Database)
}

// ExpectedShapeOfVersion maps a t_ds_version value to the shape DS's scripts
// would have left, so a lying version row can be reported.
func ExpectedShapeOfVersion(v string) (Shape, bool) {
	parts := strings.SplitN(strings.TrimSpace(v), ".", 3)
	if len(parts) < 2 {
		return "", false
	}
	switch {
	case parts[0] == "1" || parts[0] == "2":
		return Shape20, true
	case parts[0] == "3" && (parts[1] == "0" || parts[1] == "1" || parts[1] == "2"):
		return Shape30To32, true
	case parts[0] == "3":
		return Shape33, true
	}
	return "", false
}

// classify decides the shape from the set of tables and columns present.
// columns maps physical table → set of column names.
func classify(columns map[string]map[string]bool) *Schema {
	s := &Schema{tables: map[Logical]string{}, columns: columns, renamed: map[Logical]map[string]string{}}
	var oldSeen, newSeen []string
	for _, t := range tableNames {
		_, hasOld := columns[t.old]
		_, hasNew := columns[t.new]
		switch {
		case t.old == t.new:
			if hasOld {
				s.tables[t.logical] = t.old
			}
		case hasOld && hasNew:
			s.Reasons = append(s.Reasons, fmt.Sprintf("both %s and %s exist", t.old, t.new))
			oldSeen, newSeen = append(oldSeen, t.old), append(newSeen, t.new)
			s.tables[t.logical] = t.new
		case hasOld:
			oldSeen = append(oldSeen, t.old)
			s.tables[t.logical] = t.old
		case hasNew:
			newSeen = append(newSeen, t.new)
			s.tables[t.logical] = t.new
		}
	}
	for logical, cols := range columnNames {
		phys, ok := s.tables[logical]
		if !ok {
			continue
		}
		s.renamed[logical] = map[string]string{}
		for _, c := range cols {
			hasOld, hasNew := columns[phys][c.old], columns[phys][c.new]
			switch {
			case hasOld && hasNew:
				s.Reasons = append(s.Reasons, fmt.Sprintf("%s has both %s and %s", phys, c.old, c.new))
				oldSeen, newSeen = append(oldSeen, phys+"."+c.old), append(newSeen, phys+"."+c.new)
				s.renamed[logical][c.logical] = c.new
			case hasOld:
				oldSeen = append(oldSeen, phys+"."+c.old)
				s.renamed[logical][c.logical] = c.old
			case hasNew:
				newSeen = append(newSeen, phys+"."+c.new)
				s.renamed[logical][c.logical] = c.new
			}
		}
	}
	var missing []string
	for _, l := range coreTables {
		if _, ok := s.tables[l]; !ok {
			missing = append(missing, string(l))
		}
	}
	lacking := s.lackingColumns()
	switch {
	case len(missing) > 0:
		s.Shape = ShapeUnknown
		s.Reasons = append(s.Reasons, "missing DolphinScheduler tables: "+strings.Join(missing, ", "))
	case len(oldSeen) > 0 && len(newSeen) > 0:
		s.Shape = ShapeMixed
		s.Reasons = append(s.Reasons, "3.3.0 rename half applied: still old: "+summarize(oldSeen)+"; already new: "+summarize(newSeen))
	case len(lacking) > 0:
		s.Shape = ShapeUnknown
		s.Reasons = append(s.Reasons, lacking...)
	case len(newSeen) > 0:
		s.Shape = Shape33
	case has30Markers(columns):
		s.Shape = Shape30To32
	default:
		s.Shape = Shape20
	}
	return s
}

// lackingColumns names the core tables that lack a column the passes read.
func (s *Schema) lackingColumns() []string {
	var out []string
	for _, l := range coreTables {
		phys, ok := s.tables[l]
		if !ok {
			continue
		}
		var lack []string
		for _, c := range passColumns[l] {
			if s.Column(l, c) == "" {
				lack = append(lack, c)
			}
		}
		if len(lack) > 0 {
			out = append(out, fmt.Sprintf("%s lacks columns dsmigrate reads: %s", phys, strings.Join(lack, ", ")))
		}
	}
	return out
}

func has30Markers(columns map[string]map[string]bool) bool {
	for _, m := range markers30 {
		cols, ok := columns[m.table]
		if ok && (m.column == "" || cols[m.column]) {
			return true
		}
	}
	return false
}

// summarize lists up to five names and counts the rest.
func summarize(names []string) string {
	sort.Strings(names)
	if len(names) <= 5 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:5], ", "), len(names)-5)
}
