# dsmigrate — make targets. `make demo` and `make test` need nothing but this
# repository: they start a throwaway MariaDB (scripts/db-up.sh) on port
# $(DSMIGRATE_DB_PORT) with its datadir in .tmp/.

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
GOTEST_FLAGS ?= -count=1 -timeout 20m

PREFIX ?= /usr/local
# make install puts dsmigrate into $(GOBIN) when set, else $(PREFIX)/bin.
BINDIR ?= $(if $(GOBIN),$(GOBIN),$(PREFIX)/bin)

.PHONY: all build install test lint demo db-up db-down db-purge bench clean

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

# make test stops the server afterwards when it started it itself (KEEP_DB=1 keeps it running).
test: lint ## lint, start the throwaway MariaDB if needed, run every test against it
	@. scripts/db-env.sh; was_up=0; \
	  mariadb --no-defaults --socket="$$DSMIGRATE_DB_SOCKET" -u root -e 'SELECT 1' >/dev/null 2>&1 && was_up=1; \
	  bash scripts/db-up.sh >/dev/null || exit 1; \
	  rc=0; DSMIGRATE_TEST_DSN='$(TEST_DSN)' $(GO) test $(GOTEST_FLAGS) ./... || rc=$$?; \
	  if [ "$$was_up" = 0 ] && [ -z "$(KEEP_DB)" ]; then bash scripts/db-down.sh; \
	    echo "[make test] stopped the MariaDB it started on port $$DSMIGRATE_DB_PORT (KEEP_DB=1 keeps it; make db-purge deletes .tmp/mariadb)"; \
	  else echo "[make test] the MariaDB on port $$DSMIGRATE_DB_PORT keeps running (make db-down stops it)"; fi; \
	  exit $$rc

demo: build db-up ## before (DS's own upgrade) → dsmigrate upgrade --to 3.3.0 → bad rows and their fixes → REPLAYABLE
	bash scripts/demo.sh

db-up: ## start the throwaway MariaDB (idempotent); prints the demo database's DSN
	@bash scripts/db-up.sh

db-down: ## stop it
	@bash scripts/db-down.sh

db-purge: ## stop it and delete its datadir
	@bash scripts/db-down.sh --purge

clean:
	rm -rf bin

BENCH_N ?= 1000000
bench: build db-up ## upgrade vs pure SQL vs one UPDATE per row on BENCH_N generated instances + commands
	$(GO) run ./cmd/dsbench --dsn '$(TEST_DSN)' --bin bin/dsmigrate --n $(BENCH_N)
