package backfill

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dsmigrate/dsmigrate/schema"
)

// cacheContext loads, once per key, what new instances copy from other
// tables: definition versions, executor names and schedule tenants. The
// caches grow with definitions and users, not with instances.
func (e *engine) cacheContext(ctx context.Context, tx querier, cmds map[int64]pendingCommand) error {
	if e.defs == nil {
		e.defs, e.users, e.tenants = map[[2]int64]definitionInfo{}, map[int64]sql.NullString{}, map[int64]string{}
	}
	var pairs [][2]int64
	var users, codes []int64
	seen := map[any]bool{}
	for _, c := range cmds {
		key := [2]int64{c.code.Int64, c.version.Int64}
		if _, ok := e.defs[key]; !ok && !seen[key] {
			seen[key] = true
			pairs = append(pairs, key)
		}
		if _, ok := e.tenants[c.code.Int64]; !ok && !seen[c.code.Int64] {
			seen[c.code.Int64] = true
			codes = append(codes, c.code.Int64)
		}
	}
	if err := e.loadDefinitions(ctx, tx, pairs); err != nil {
		return err
	}
	for _, c := range cmds {
		ex := c.executor
		if !ex.Valid {
			ex = e.defs[[2]int64{c.code.Int64, c.version.Int64}].userID
		}
		if _, ok := e.users[ex.Int64]; ex.Valid && !ok && !seen[fmt.Sprint("u", ex.Int64)] {
			seen[fmt.Sprint("u", ex.Int64)] = true
			users = append(users, ex.Int64)
		}
	}
	if err := e.loadUsers(ctx, tx, users); err != nil {
		return err
	}
	return e.loadTenants(ctx, tx, codes)
}

func (e *engine) loadDefinitions(ctx context.Context, tx querier, pairs [][2]int64) error {
	if len(pairs) == 0 {
		return nil
	}
	tenant := "NULL"
	if e.s.HasColumn(schema.DefinitionLog, "tenant_id") {
		tenant = q("tenant_id")
	}
	args := make([]any, 0, 2*len(pairs))
	for _, p := range pairs {
		args = append(args, p[0], p[1])
	}
	query := fmt.Sprintf("SELECT code, version, name, global_params, project_code, timeout, %s, user_id FROM %s WHERE (code, version) IN (%s) ORDER BY id DESC",
		tenant, q(e.s.Table(schema.DefinitionLog)), placeholders(len(pairs), 2))
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return wrapEffect(err, "read %d definition versions", len(pairs))
	}
	defer rows.Close()
	for rows.Next() {
		var code, version int64
		var d definitionInfo
		if err := rows.Scan(&code, &version, &d.name, &d.globalParams, &d.projectCode, &d.timeout, &d.tenantID, &d.userID); err != nil {
			return err
		}
		e.defs[[2]int64{code, version}] = d // ORDER BY id DESC: the lowest id wins
	}
	return rows.Err()
}

func (e *engine) loadUsers(ctx context.Context, tx querier, ids []int64) error {
	for _, id := range ids {
		e.users[id] = sql.NullString{}
	}
	if len(ids) == 0 || e.s.Table(schema.User) == "" {
		return nil
	}
	rows, err := tx.QueryContext(ctx, fmt.Sprintf("SELECT id, user_name FROM %s WHERE id IN (%s)", q(e.s.Table(schema.User)), inList(len(ids))), int64Args(ids)...)
	if err != nil {
		return wrapEffect(err, "read %d users", len(ids))
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name sql.NullString
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		e.users[id] = name
	}
	return rows.Err()
}

// loadTenants reads the schedule tenant of definitions (3.2+ shapes only).
func (e *engine) loadTenants(ctx context.Context, tx querier, codes []int64) error {
	for _, c := range codes {
		e.tenants[c] = ""
	}
	if len(codes) == 0 || !e.s.HasColumn(schema.Schedule, "tenant_code") {
		return nil
	}
	col := q(e.s.Column(schema.Schedule, schema.DefinitionCode))
	query := fmt.Sprintf("SELECT %s, tenant_code FROM %s WHERE %s IN (%s) ORDER BY id DESC", col, q(e.s.Table(schema.Schedule)), col, inList(len(codes)))
	rows, err := tx.QueryContext(ctx, query, int64Args(codes)...)
	if err != nil {
		return wrapEffect(err, "read schedule tenants")
	}
	defer rows.Close()
	for rows.Next() {
		var code int64
		var tenant sql.NullString
		if err := rows.Scan(&code, &tenant); err != nil {
			return err
		}
		e.tenants[code] = strings.TrimSpace(tenant.String) // ORDER BY id DESC: the first schedule wins
	}
	return rows.Err()
}
