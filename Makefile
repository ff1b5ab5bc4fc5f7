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

.PHONY: all build test lint demo db-up db-down db-purge bench clean

all: build

build: ## build bin/dsmigrate and bin/dsfixture
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/dsmigrate ./cmd/dsmigrate
	$(GO) build -o bin/dsfixture ./fixtures/cmd/dsfixture

lint: ## gofmt + go vet
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test: lint db-up ## lint, start the throwaway MariaDB if needed, run every test against it
	DSMIGRATE_TEST_DSN='$(TEST_DSN)' $(GO) test $(GOTEST_FLAGS) ./...

demo: build db-up ## throwaway DB + legacy 2.0.x catalogue fixture → inspect
	bash scripts/demo.sh

db-up: ## start the throwaway MariaDB (idempotent)
	@bash scripts/db-up.sh >/dev/null

db-down: ## stop it
	@bash scripts/db-down.sh

db-purge: ## stop it and delete its datadir
	@bash scripts/db-down.sh --purge

clean:
	rm -rf bin

BENCH_N ?= 1000000
bench: build db-up ## upgrade vs pure SQL vs one UPDATE per row on BENCH_N generated instances + commands
	$(GO) run ./cmd/dsbench --dsn '$(TEST_DSN)' --bin bin/dsmigrate --n $(BENCH_N)
