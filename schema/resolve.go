package schema

// LogicalTable maps a physical table name of any shape dsmigrate knows (2.0–3.2
// or 3.3 names) to its logical table; "" when it is none of them. The ledger
// records physical names; rollback resolves them through this map for the
// shape it finds, so a backup taken on 2.0 still applies after DS's own
// upgrade scripts renamed the tables (reference §1.4).
func LogicalTable(physical string) Logical {
	for _, t := range tableNames {
		if t.old == physical || t.new == physical {
			return t.logical
		}
	}
	return ""
}

// LogicalColumn maps a physical column name of any known shape of table l to
// the name Schema.Column takes: the logical name of a column 3.3.0 renamed,
// else the name itself.
func LogicalColumn(l Logical, physical string) string {
	for _, c := range columnNames[l] {
		if c.old == physical || c.new == physical {
			return c.logical
		}
	}
	return physical
}
