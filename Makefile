# dsmigrate — make targets. `make demo` and `make test` need nothing but this
# repository: they start a throwaway MariaDB (scripts/db-up.sh) on port
# $(DSMIGRATE_DB_PORT) with its datadir in .tmp/, and `make test` also a
# throwaway PostgreSQL (scripts/pg-up.sh) on port $(DSMIGRATE_PG_PORT).

SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
DSMIGRATE_DB_PORT ?= 33306
DSMIGRATE_DB_USER ?= dsmigrate
DSMIGRATE_DB_PASSWORD ?= dsmigrate-local
export DSMIGRATE_DB_PORT DSMIGRATE_DB_USER DSMIGRATE_DB_PASSWORD
# Server-level DSN for tests: each test creates and drops its own database.
TEST_DSN ?= $(DSMIGRATE_DB_USER):$(DSMIGRATE_DB_PASSWORD)@tcp(127.0.0.1:$(DSMIGRATE_DB_PORT))/
# Throwaway PostgreSQL (scripts/pg-up.sh): tests create their own databases on it.
DSMIGRATE_PG_PORT ?= 55432
DSMIGRATE_PG_USER ?= $(DSMIGRATE_DB_USER)
DSMIGRATE_PG_PASSWORD ?= $(DSMIGRATE_DB_PASSWORD)
export DSMIGRATE_PG_PORT DSMIGRATE_PG_USER DSMIGRATE_PG_PASSWORD
TEST_PG_DSN ?= postgres://$(DSMIGRATE_PG_USER):$(DSMIGRATE_PG_PASSWORD)@127.0.0.1:$(DSMIGRATE_PG_PORT)/postgres?sslmode=disable
# Packages whose tests talk to a database: `make test-sqlmodes` reruns them under other sql_modes.
DB_PKGS ?= ./backfill/... ./cmd/... ./fixtures/... ./inspect/... ./internal/... ./ledger/... ./migrations/... ./repair/... ./schema/... ./schemapath/... ./verify/... ./watch/...
# MySQL 8.0's default sql_mode, and the same with ANSI_QUOTES + NO_BACKSLASH_ESCAPES.
SQL_MODE_MYSQL8 := ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION
SQL_MODE_ANSI := $(SQL_MODE_MYSQL8),ANSI_QUOTES,NO_BACKSLASH_ESCAPES
# Which of the two `make test-sqlmodes` runs: mysql8, ansi (mysql8 + ANSI_QUOTES + NO_BACKSLASH_ESCAPES) or both.
SQL_MODES ?= mysql8 ansi
GOTEST_FLAGS ?= -count=1 -timeout 20m

PREFIX ?= /usr/local
# make install puts dsmigrate into $(GOBIN) when set, else $(PREFIX)/bin.
BINDIR ?= $(if $(GOBIN),$(GOBIN),$(PREFIX)/bin)

.PHONY: all build install test test-sqlmodes lint demo demo-pg db-up db-down db-purge pg-up pg-down bench clean

all: build

build: ## build bin/dsmigrate and bin/dsfixture
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/dsmigrate ./cmd/dsmigrate
	$(GO) build -o bin/dsfixture ./fixtures/cmd/dsfixture

install: build ## copy bin/dsmigrate to $(BINDIR) ($(GOBIN) when set, else $(PREFIX)/bin)
	install -d '$(BINDIR)'
	install -m 0755 bin/dsmigrate '$(BINDIR)/dsmigrate'
	@echo "installed $(BINDIR)/dsmigrate"

lint: ## gofmt + go vet
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

export TEST_DSN TEST_PG_DSN GOTEST_FLAGS DB_PKGS SQL_MODE_MYSQL8 SQL_MODE_ANSI GO
# make test (scripts/test.sh): every test on MariaDB and PostgreSQL, then the database packages again under
# MySQL 8's sql_modes (SQL_MODES= skips that); stops the servers it started itself (KEEP_DB=1 keeps them).
test: lint ## lint, start the throwaway MariaDB and PostgreSQL if needed, run every test against them (also under MySQL 8 sql_modes)
	@SQL_MODES='$(SQL_MODES)' bash scripts/test.sh

test-sqlmodes: ## only the sql_mode reruns of the database tests (SQL_MODES=mysql8|ansi)
	@SQL_MODES='$(SQL_MODES)' bash scripts/test.sh --sqlmodes-only

demo: build db-up ## before (DS's own upgrade) → dsmigrate upgrade --to 3.3.0 → bad rows and their fixes → REPLAYABLE
	bash scripts/demo.sh

demo-pg: build pg-up ## the demo on PostgreSQL: DS's own scripts to 3.3.0 → dsmigrate upgrade → bad rows and their fixes → REPLAYABLE
	bash scripts/demo-pg.sh

db-up: ## start the throwaway MariaDB (idempotent); prints the demo database's DSN
	@bash scripts/db-up.sh

db-down: ## stop it
	@bash scripts/db-down.sh

db-purge: ## stop it and delete its datadir
	@bash scripts/db-down.sh --purge

pg-up: ## start the throwaway PostgreSQL (idempotent)
	@bash scripts/pg-up.sh >/dev/null

pg-down: ## stop it
	@bash scripts/pg-down.sh

clean:
	rm -rf bin

BENCH_N ?= 1000000
bench: build db-up ## upgrade vs pure SQL vs one UPDATE per row on BENCH_N generated instances + commands; server time per statement class
	$(GO) run ./cmd/dsbench --dsn '$(TEST_DSN)' --bin bin/dsmigrate --n $(BENCH_N)
