#!/usr/bin/env python3
"""Regenerates migrations/mysql/schema/*.up.sql (dsmigrate's schema path).

Usage: python3 schemapath/gen/gen_schema_path.py /work/shared/dolphinscheduler migrations/mysql/schema

It reads DolphinScheduler's upgrade scripts (3.0.0 .. 3.3.0, MySQL flavour) the
way DS's own upgrader splits them (ClasspathSqlScriptParser), takes the DDL
statements out of DS's guard procedures, and writes one file per statement in
DS's order (per version: ddl, dml, [3.2.0: Go data step marker, ddl_post]),
rewritten with MariaDB's own guards so each file is safe to run twice:
ADD COLUMN/INDEX/UNIQUE KEY IF NOT EXISTS, DROP COLUMN/INDEX/FOREIGN KEY IF
EXISTS, CHANGE/MODIFY COLUMN IF EXISTS, RENAME INDEX IF EXISTS, RENAME TABLE IF
EXISTS, CREATE TABLE/INDEX IF NOT EXISTS (DS's DROP TABLE before a CREATE TABLE
is left out), ALTER TABLE IF EXISTS where DS's procedure checked
information_schema first; seed INSERTs become one INSERT IGNORE per table.
Added by hand here: the two MariaDB workarounds (k8s_namespace_unique before
3.1.0; Quartz foreign keys around 3.2.0 ddl_post), the default tenant insert
(INSERT ... WHERE NOT EXISTS, like DS's procedure), the marker of the Go 3.2.0
data step, and the final t_ds_version stamp. The output is reviewed and
committed; this script is not run by the build.
"""
import os
import re
import sys

def split(path):
    out=[];state='idle';buf=[];delim=None
    for line in open(path,encoding='utf8'):
        line=line.rstrip('\n').rstrip('\r'); t=line.strip()
        if state=='license':
            if line.startswith('*/'): state='idle'
            continue
        if state=='proc':
            if t=='': continue
            if t.startswith(delim): out.append('\n'.join(buf)); buf=[]; state='idle'; continue
            buf.append(line); continue
        if state=='stmt':
            if t=='': continue
            buf.append(line)
            if line.endswith(';'): out.append('\n'.join(buf)); buf=[]; state='idle'
            continue
        if t=='' or t.startswith('--') or t.startswith('//'): continue
        if t.startswith('/*'): state='license'; continue
        if t.startswith('delimiter'):
            a=t.split()
            if len(a)>1 and a[1]==';': continue
            delim=a[1]; state='proc'; buf=[]; continue
        buf=[line]
        if line.endswith(';'): out.append(line); buf=[]
        else: state='stmt'
    if buf: out.append('\n'.join(buf))
    return out

BASE = os.path.join(sys.argv[1], "upgrade") + "/"
OUT = sys.argv[2]
QRTZ = [
  ('QRTZ_TRIGGERS','QRTZ_TRIGGERS_ibfk_1','`SCHED_NAME`, `JOB_NAME`, `JOB_GROUP`','QRTZ_JOB_DETAILS'),
  ('QRTZ_BLOB_TRIGGERS','QRTZ_BLOB_TRIGGERS_ibfk_1','`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`','QRTZ_TRIGGERS'),
  ('QRTZ_CRON_TRIGGERS','QRTZ_CRON_TRIGGERS_ibfk_1','`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`','QRTZ_TRIGGERS'),
  ('QRTZ_SIMPLE_TRIGGERS','QRTZ_SIMPLE_TRIGGERS_ibfk_1','`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`','QRTZ_TRIGGERS'),
  ('QRTZ_SIMPROP_TRIGGERS','QRTZ_SIMPROP_TRIGGERS_ibfk_1','`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`','QRTZ_TRIGGERS'),
]
steps = []  # (dsver, kind, sql, title)

def ident(s): return s.strip().strip('`')

def split_clauses(body):
    out, depth, q, cur = [], 0, None, ''
    for ch in body:
        if q:
            cur += ch
            if ch == q: q = None
            continue
        if ch in '\'"`': q = ch; cur += ch; continue
        if ch == '(': depth += 1
        if ch == ')': depth -= 1
        if ch == ',' and depth == 0: out.append(cur.strip()); cur = ''; continue
        cur += ch
    if cur.strip(): out.append(cur.strip())
    return out

def rewrite_clause(c):
    rules = [
        (r'(?is)^ADD\s+UNIQUE\s+(?:KEY|INDEX)?\s*', 'ADD UNIQUE KEY IF NOT EXISTS '),
        (r'(?is)^ADD\s+(?:INDEX|KEY)\s+', 'ADD INDEX IF NOT EXISTS '),
        (r'(?is)^ADD\s+(?:COLUMN\s+)?(?!(?:INDEX|KEY|UNIQUE|PRIMARY|CONSTRAINT)\b)', 'ADD COLUMN IF NOT EXISTS '),
        (r'(?is)^DROP\s+(?:INDEX|KEY)\s+', 'DROP INDEX IF EXISTS '),
        (r'(?is)^DROP\s+FOREIGN\s+KEY\s+', 'DROP FOREIGN KEY IF EXISTS '),
        (r'(?is)^DROP\s+(?:COLUMN\s+)?', 'DROP COLUMN IF EXISTS '),
        (r'(?is)^CHANGE\s+(?:COLUMN\s+)?', 'CHANGE COLUMN IF EXISTS '),
        (r'(?is)^MODIFY\s+(?:COLUMN\s+)?', 'MODIFY COLUMN IF EXISTS '),
        (r'(?is)^RENAME\s+INDEX\s+', 'RENAME INDEX IF EXISTS '),
    ]
    for pat, rep in rules:
        if re.match(pat, c):
            return re.sub(pat, rep, c, count=1)
    if re.match(r'(?is)^(ALTER\s+COLUMN|CONVERT\s+TO|COLLATE|AUTO_INCREMENT)', c):
        return c
    raise SystemExit('unknown clause: ' + c)

def guard(stmt):
    s = stmt.strip().rstrip(';').strip()
    inproc = s.startswith('/*proc*/')
    if inproc: s = s[len('/*proc*/'):]
    s = re.sub(r'\n\s*\n', '\n', s)
    m = re.match(r'(?is)^ALTER\s+TABLE\s+(`?\w+`?)\s+RENAME\s+(?:TO\s+)?(`?\w+`?)$', s)
    if m:
        return 'RENAME TABLE IF EXISTS %s TO %s' % (m.group(1), m.group(2)), 'rename table %s' % ident(m.group(1))
    m = re.match(r'(?is)^ALTER\s+TABLE\s+(`?\w+`?)\s+(.*)$', s)
    if m:
        t, body = m.group(1), m.group(2)
        cl = [rewrite_clause(c) for c in split_clauses(body)]
        first = re.sub(r'\s+IF (NOT )?EXISTS', '', cl[0]).split()
        what = ' '.join(w.strip('`(').lower() for w in first[:3])
        return 'ALTER TABLE %s%s\n  %s' % ('IF EXISTS ' if inproc else '', t, ',\n  '.join(cl)), '%s %s' % (ident(t), what)
    m = re.match(r'(?is)^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(`?\w+`?)(.*)$', s)
    if m:
        return 'CREATE TABLE IF NOT EXISTS %s%s' % (m.group(1), m.group(2)), 'create %s' % ident(m.group(1))
    m = re.match(r'(?is)^CREATE\s+INDEX\s+(\w+)\s+(.*)$', s)
    if m:
        return 'CREATE INDEX IF NOT EXISTS %s %s' % (m.group(1), m.group(2)), 'create index %s' % m.group(1)
    m = re.match(r'(?is)^RENAME\s+TABLE\s+(\w+)\s+TO\s+(\w+)$', s)
    if m:
        return 'RENAME TABLE IF EXISTS %s TO %s' % (m.group(1), m.group(2)), 'rename %s' % m.group(1)
    m = re.match(r'(?is)^DROP\s+TABLE\s+IF\s+EXISTS\s+(`?\w+`?)$', s)
    if m:
        return s, 'drop %s' % ident(m.group(1))
    m = re.match(r'(?is)^UPDATE\s+(`?\w+`?)', s)
    if m:
        return s, 'update %s' % ident(m.group(1))
    raise SystemExit('unknown statement: ' + s[:200])

SKIP_PROCS = {'add_column_safety', 'dolphin_t_ds_tenant_insert_default'}
def statements(path):
    out = []
    for st in split(path):
        st = st.strip()
        if re.match(r'(?is)^(drop\s+procedure|call\s|set\s|delimiter)', st): continue
        m = re.match(r'(?is)^create\s+procedure\s+(\w+)', st)
        if m:
            if m.group(1) in SKIP_PROCS: continue
            body = re.sub(r'(?m)^\s*--.*$', '', st)
            for x in re.findall(r'(?is)\b((?:ALTER\s+TABLE|RENAME\s+TABLE|CREATE\s+INDEX)\b.*?;)', body):
                out.append('/*proc*/' + x)
            continue
        if re.match(r'(?is)^UPDATE\s+`t_ds_user`', st):
            continue  # handled with the default tenant below
        out.append(st)
    return out

def add(ver, kind, sql, title):
    steps.append((ver, kind, sql, title))

VERS = ['3.0.0','3.0.2','3.1.0','3.1.1','3.2.0','3.2.1','3.2.2','3.3.0']
for v in VERS:
    d = BASE + v + '_schema/mysql/'
    for kind in ['ddl', 'dml', 'ddl_post']:
        f = d + 'dolphinscheduler_%s.sql' % kind
        if not os.path.exists(f) or (v, kind) == ('3.2.1', 'ddl_post'): continue
        sts = statements(f)
        if v == '3.1.0' and kind == 'ddl':
            add(v, 'fix', 'ALTER TABLE t_ds_k8s_namespace DROP INDEX IF EXISTS k8s_namespace_unique',
                'mariadb drop k8s_namespace_unique before dropping column k8s')
        if v == '3.2.0' and kind == 'dml':
            add(v, kind, "INSERT INTO t_ds_tenant (id, tenant_code, description, queue_id, create_time, update_time)\n"
                "SELECT -1, 'default', 'default tenant', 1, current_timestamp, current_timestamp FROM DUAL\n"
                "WHERE NOT EXISTS (SELECT 1 FROM t_ds_tenant WHERE id = -1)", 'insert default tenant')
            add(v, kind, "UPDATE t_ds_user SET tenant_id = -1 WHERE user_name = 'admin' AND tenant_id = 0", 'admin to default tenant')
        if v == '3.2.0' and kind == 'ddl_post':
            add(v, 'data', 'DO 0', 'v320 instance data step (Go, batched)')
            for t, n, c, r in QRTZ:
                add(v, 'fix', 'ALTER TABLE `%s` DROP FOREIGN KEY IF EXISTS `%s`' % (t, n), 'mariadb drop fk %s' % n)
        i = 0
        while i < len(sts):
            st = sts[i].strip()
            m = re.match(r'(?is)^DROP\s+TABLE\s+IF\s+EXISTS\s+`?(\w+)`?\s*;?$', st)
            if m and i + 1 < len(sts) and re.match(r'(?is)^CREATE\s+TABLE\s+`?%s`?' % m.group(1), sts[i+1].strip()):
                i += 1; continue  # CREATE TABLE IF NOT EXISTS instead of drop + create
            mi = re.match(r'(?is)^INSERT\s+(?:IGNORE\s+)?INTO\s+(`?\w+`?)\s*(\([^)]*\))\s*VALUES\s*(.*?);?$', st)
            if mi:
                rows = [mi.group(3).strip()]
                j = i + 1
                while j < len(sts):
                    mj = re.match(r'(?is)^INSERT\s+(?:IGNORE\s+)?INTO\s+(`?\w+`?)\s*(\([^)]*\))\s*VALUES\s*(.*?);?$', sts[j].strip())
                    if not mj or mj.group(1) != mi.group(1) or mj.group(2) != mi.group(2): break
                    rows.append(mj.group(3).strip()); j += 1
                add(v, kind, 'INSERT IGNORE INTO %s\n%s\nVALUES\n%s' % (mi.group(1), mi.group(2), ',\n'.join(rows)),
                    'seed %s (%d rows)' % (ident(mi.group(1)), len(rows)))
                i = j; continue
            sql, title = guard(st)
            add(v, kind, sql, title)
            i += 1
        if v == '3.2.0' and kind == 'ddl_post':
            for t, n, c, r in QRTZ:
                add(v, 'fix', 'ALTER TABLE `%s` ADD CONSTRAINT `%s` FOREIGN KEY IF NOT EXISTS (%s) REFERENCES `%s` (%s)' % (t, n, c, r, c),
                    'mariadb re-add fk %s' % n)
add('3.3.0', 'stamp', "UPDATE t_ds_version SET version = '3.3.0'", 'stamp t_ds_version 3.3.0')

os.makedirs(OUT, exist_ok=True)
for n, (v, kind, sql, title) in enumerate(steps, 1):
    slug = re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')[:60]
    name = '%06d_v%s_%s_%s' % (n, v, kind, slug)
    hdr = '-- DolphinScheduler %s %s step (MariaDB guards: safe to run twice).\n' % (v, kind)
    if kind == 'data':
        hdr = '-- Marker: the Go data step %r (schemapath) runs just before this file.\n' % title
    if kind == 'fix':
        hdr = '-- MariaDB workaround for DolphinScheduler %s (see schemapath/README-section.md).\n' % v
    open(os.path.join(OUT, name + '.up.sql'), 'w').write(hdr + sql.strip() + '\n')
print(len(steps), 'files')
