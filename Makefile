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
DB_PKGS ?= ./backfill/... ./cmd/... ./fixtures/... ./inspect/... ./internal/... ./migrations/... ./schema/... ./schemapath/... ./verify/...
# MySQL 8.0's default sql_mode, and the same with ANSI_QUOTES + NO_BACKSLASH_ESCAPES.
SQL_MODE_MYSQL8 := ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION
SQL_MODE_ANSI := $(SQL_MODE_MYSQL8),ANSI_QUOTES,NO_BACKSLASH_ESCAPES
# Which of the two `make test-sqlmodes` runs: mysql8, ansi (mysql8 + ANSI_QUOTES + NO_BACKSLASH_ESCAPES) or both.
SQL_MODES ?= mysql8 ansi
GOTEST_FLAGS ?= -count=1 -timeout 20m

.PHONY: all build test test-sqlmodes lint demo db-up db-down db-purge pg-up pg-down bench clean

all: build

build: ## build bin/dsmigrate and bin/dsfixture
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/dsmigrate ./cmd/dsmigrate
	$(GO) build -o bin/dsfixture ./fixtures/cmd/dsfixture

lint: ## gofmt + go vet
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test: lint db-up pg-up ## lint, start the throwaway MariaDB and PostgreSQL if needed, run every test against them
	DSMIGRATE_TEST_DSN='$(TEST_DSN)' DSMIGRATE_TEST_PG_DSN='$(TEST_PG_DSN)' $(GO) test $(GOTEST_FLAGS) ./...

test-sqlmodes: db-up pg-up ## rerun the database tests under MySQL 8's default sql_mode, then with ANSI_QUOTES + NO_BACKSLASH_ESCAPES
	@set -e; for name in $(SQL_MODES); do \
	  case $$name in mysql8) mode='$(SQL_MODE_MYSQL8)';; ansi) mode='$(SQL_MODE_ANSI)';; \
	    *) echo "SQL_MODES: unknown set $$name (mysql8, ansi)"; exit 2;; esac; \
	  echo "== sql_mode $$mode"; \
	  DSMIGRATE_TEST_DSN='$(TEST_DSN)' DSMIGRATE_TEST_PG_DSN='$(TEST_PG_DSN)' DSMIGRATE_TEST_SQL_MODE="$$mode" \
	    $(GO) test $(GOTEST_FLAGS) $(DB_PKGS); \
	done

demo: build db-up ## throwaway DB + legacy 2.0.x catalogue fixture → inspect
	bash scripts/demo.sh

db-up: ## start the throwaway MariaDB (idempotent)
	@bash scripts/db-up.sh >/dev/null

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
bench: build db-up ## upgrade vs pure SQL vs one UPDATE per row on BENCH_N generated instances + commands
	$(GO) run ./cmd/dsbench --dsn '$(TEST_DSN)' --bin bin/dsmigrate --n $(BENCH_N)
