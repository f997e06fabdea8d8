# mineralgraph. Two commands matter:
#   make run    start a local Neo4j (unless NEO4J_URI is set), load the dataset, serve the API
#   make test   run every test, unit and integration, against a real Neo4j of its own
# `make help` lists the rest, and the variables below with their values.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Variables one may set (make TARGET VAR=value). A line "## NAME description" documents the
# variable below it for `make help`; a description names no other variable's value.

## GO  the Go command
GO ?= go
# The local Neo4j servers `make` started in this checkout (neo4j-start, run), one Bolt URI a
# line, the newest last. bin/mineralgraph reads it too: seed, import and serve without
# NEO4J_URI talk to the server make started last, and NEO4J_BOLT_PORT defaults to its port.
LOCAL_NEO4J := bin/local-neo4j
LAST_LOCAL_PORT := $(lastword $(subst :, ,$(lastword $(shell cat $(LOCAL_NEO4J) 2>/dev/null))))
## NEO4J_BOLT_PORT  Bolt port of the local Neo4j of run, seed and neo4j-* (its HTTP port is 213 lower); default: the port of the one make started last, else 7687
NEO4J_BOLT_PORT ?= $(or $(LAST_LOCAL_PORT),7687)
## NEO4J_URI  (environment) a Neo4j you run: run and seed use it and start nothing; tests never read it
NEO4J_URI ?=
## TEST_NEO4J_URI  (environment) an empty Neo4j for the tests and docs; unset, make test and make docs start a local one
TEST_NEO4J_URI ?=
## TEST_BOLT_PORT  Bolt port of the local Neo4j of make test and make docs
TEST_BOLT_PORT ?= 7688
## TESTKIT_BOLT_PORT  Bolt port of the Neo4j the testkit starts by itself in make test
TESTKIT_BOLT_PORT ?= 7689
## SCRATCH_BOLT_PORT  Bolt port of the throwaway Neo4j a few tests start (HTTP 213 lower); empty: ports the kernel picks
SCRATCH_BOLT_PORT ?=
## LOADTEST_BOLT_PORT  Bolt port of the Neo4j of loadtest, faulttest, soak and bench (wiped at their start)
LOADTEST_BOLT_PORT ?= 7692
## HTTP_ADDR  where make run serves the API
HTTP_ADDR ?= :8080
## URL  the running server make screenshot photographs
URL ?= http://127.0.0.1:8080/
## CHROMIUM  the browser make screenshot drives (Debian: apt-get install chromium)
CHROMIUM ?= /usr/bin/chromium
## LOAD_CLIENTS  concurrent clients of make loadtest
LOAD_CLIENTS ?= 16
## LOAD_DURATION  how long make loadtest runs
LOAD_DURATION ?= 30s
## FAULT_CLIENTS  concurrent readers of make faulttest
FAULT_CLIENTS ?= 8
## FAULT_FLAGS  more flags for make faulttest (go run ./cmd/loadtest -h)
FAULT_FLAGS ?=
## SOAK_CLIENTS  concurrent readers of make soak
SOAK_CLIENTS ?= 4
## SOAK_DURATION  how long make soak runs
SOAK_DURATION ?= 10m
## FUZZTIME  how long make fuzz runs each fuzz target
FUZZTIME ?= 30s
## BENCH_FLAGS  flags for make bench (go run ./bench -h)
BENCH_FLAGS ?=
## MINERALGRAPH_CACHE  (environment) where the Neo4j jars and the local instances live; default ~/.cache/mineralgraph
MINERALGRAPH_CACHE ?=

# Local instances are named for their role and port, and belong to this checkout: two
# checkouts, or two ports of one, never share one (neo4jlocal -h).
DEV_NAME = dev-$(NEO4J_BOLT_PORT)
TEST_NAME = test-$(TEST_BOLT_PORT)
DEV_URI = bolt://127.0.0.1:$(NEO4J_BOLT_PORT)
TEST_URI = bolt://127.0.0.1:$(TEST_BOLT_PORT)
NEO4JLOCAL := bin/neo4jlocal
HELP_VARS := $(shell sed -n 's/^## \([A-Z][A-Z0-9_]*\) .*/\1/p' $(firstword $(MAKEFILE_LIST)))

.PHONY: help run build playground explore chromium test-web test-browser neo4jlocal seed neo4j-start neo4j-stop neo4j-wipe neo4j-list test test-go test-testkit-local test-harness bench lint generate generated-check docs screenshot loadtest faulttest soak fuzz

help: ## list the targets and the variables they read, with the values they would use now
	@env $(foreach v,$(HELP_VARS),'$(v)=$($(v))') awk ' \
	  /^[a-z0-9-]+:.*## / { split($$0, p, /:.*## /); t[++n] = p[1]; d[n] = p[2] } \
	  /^## [A-Z][A-Z0-9_]* / { v[++m] = $$2; sub(/^## [A-Z][A-Z0-9_]* +/, ""); vd[m] = $$0 } \
	  END { print "Targets:"; \
	    for (i = 1; i <= n; i++) { s = d[i]; for (j = 1; j <= m; j++) gsub("\\$$\\(" v[j] "\\)", ENVIRON[v[j]], s); \
	      printf "  make %-19s %s\n", t[i], s } \
	    print ""; print "Variables (make TARGET VAR=value), with the values they have now:"; \
	    for (j = 1; j <= m; j++) printf "  %-19s %s [%s]\n", v[j], vd[j], ENVIRON[v[j]] }' $(firstword $(MAKEFILE_LIST))

run: ## start the local Neo4j dev-$(NEO4J_BOLT_PORT) (unless NEO4J_URI is set), load the dataset, serve API and playground at $(HTTP_ADDR)
	@# What waits on the network runs beside what waits on the CPU: npm beside compiling
	@# neo4jlocal, then fetching and starting Neo4j beside compiling the server (which reuses
	@# the driver neo4jlocal compiled). On a fresh 2-CPU machine this saves about a fifth.
	@$(MAKE) --no-print-directory -j2 playground explore neo4jlocal
	@$(MAKE) --no-print-directory -j2 build neo4j-start
	@NEO4J_URI=$${NEO4J_URI:-$(DEV_URI)} bin/mineralgraph seed
	@NEO4J_URI=$${NEO4J_URI:-$(DEV_URI)} HTTP_ADDR=$(HTTP_ADDR) exec bin/mineralgraph serve

build: playground explore ## build bin/mineralgraph
	@$(GO) build -o bin/mineralgraph ./cmd/mineralgraph

PLAYGROUND_ASSETS := server/playground/assets/graphiql.min.js

playground: $(PLAYGROUND_ASSETS) ## fetch GraphiQL from npm into server/playground/assets (embedded by the build)

$(PLAYGROUND_ASSETS): server/playground/package.json server/playground/package-lock.json
	@cd server/playground && npm ci --no-audit --no-fund --loglevel=error
	@cd server/playground && cp node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js \
	  node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css assets/

# The explorer (web/): npm ci once per lock file, then Vite builds it once per change of its
# sources, the schema or the examples (the manifest of persisted documents holds them); the
# server embeds server/explore/assets. Later runs reuse the built assets.
WEB_MODULES := web/node_modules/.package-lock.json
EXPLORE_ASSETS := server/explore/assets/index.html
EXPLORE_SOURCES := $(shell find web/src web/scripts -type f 2>/dev/null) web/index.html web/vite.config.ts web/codegen.ts \
  web/tsconfig.json schema.graphqls $(wildcard server/examples/*.graphql)

explore: $(EXPLORE_ASSETS) ## build the explorer (web/) into server/explore/assets (embedded by the build, served at /explore/)

$(WEB_MODULES): web/package.json web/package-lock.json
	@cd web && npm ci --no-audit --no-fund --loglevel=error

$(EXPLORE_ASSETS): $(WEB_MODULES) $(EXPLORE_SOURCES)
	@cd web && npm run --silent build >/dev/null
	@find server/explore/assets -mindepth 1 ! -name README.md -exec rm -rf {} +
	@cp -R web/dist/. server/explore/assets/
	@echo "explorer built into server/explore/assets"

chromium: ## install Debian's chromium (apt-get) for the browser tests and make screenshot, when it is missing
	@if [ ! -x $(CHROMIUM) ]; then \
	  sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null; \
	fi
	@$(CHROMIUM) --version

test-web: $(WEB_MODULES) ## type-check and format-check the explorer, then run its component tests (Vitest)
	@cd web && npm run --silent lint && npx vitest run

test-browser: build chromium ## the explorer and GraphQL-over-HTTP audit in headless Chromium against a server on $TEST_NEO4J_URI
	@cd web && TEST_NEO4J_URI=$(TEST_NEO4J_URI) MINERALGRAPH_BIN=$(CURDIR)/bin/mineralgraph CHROMIUM=$(CHROMIUM) npm run --silent test:browser

seed: build ## load the curated dataset into $NEO4J_URI (or the local Neo4j on $(NEO4J_BOLT_PORT)); idempotent
	@NEO4J_URI=$${NEO4J_URI:-$(DEV_URI)} bin/mineralgraph seed

neo4jlocal: ## build bin/neo4jlocal, which runs Neo4j from Maven Central jars (the targets below use it)
	@$(GO) build -o bin/neo4jlocal ./cmd/neo4jlocal

# remember-local and forget-local keep $(LOCAL_NEO4J): the URIs of this checkout's running dev
# instances, the one started last at the end.
remember-local = { grep -vxF "$$uri" $(LOCAL_NEO4J) 2>/dev/null; echo "$$uri"; } > $(LOCAL_NEO4J).tmp && mv $(LOCAL_NEO4J).tmp $(LOCAL_NEO4J)
forget-local = if [ -f $(LOCAL_NEO4J) ]; then grep -vxF "$(DEV_URI)" $(LOCAL_NEO4J) > $(LOCAL_NEO4J).tmp; \
	  mv $(LOCAL_NEO4J).tmp $(LOCAL_NEO4J); [ -s $(LOCAL_NEO4J) ] || rm -f $(LOCAL_NEO4J); fi

neo4j-start: neo4jlocal ## start this checkout's local Neo4j dev-$(NEO4J_BOLT_PORT) on 127.0.0.1:$(NEO4J_BOLT_PORT), fetching it once from Maven Central
	@if [ -n "$$NEO4J_URI" ]; then echo "NEO4J_URI=$$NEO4J_URI is set: using that server, not a local one"; \
	else uri=$$($(NEO4JLOCAL) -name $(DEV_NAME) -bolt-port $(NEO4J_BOLT_PORT) start) || exit 1; $(remember-local); fi

neo4j-stop: neo4jlocal ## stop this checkout's local Neo4j dev-$(NEO4J_BOLT_PORT) (other ports' and other checkouts' keep running)
	@$(NEO4JLOCAL) -name $(DEV_NAME) stop; status=$$?; $(forget-local); exit $$status

neo4j-wipe: neo4jlocal ## stop this checkout's local Neo4j dev-$(NEO4J_BOLT_PORT) and delete its data (the downloaded jars stay cached)
	@$(NEO4JLOCAL) -name $(DEV_NAME) wipe; status=$$?; $(forget-local); exit $$status

neo4j-list: neo4jlocal ## list every local Neo4j of the cache (every checkout's), running or not, with its pid, ports and data
	@$(NEO4JLOCAL) list

test: lint generated-check test-web explore chromium neo4jlocal ## run every test (unit, integration, browser) against a Neo4j of its own: $TEST_NEO4J_URI, else a local one it starts
	@if [ -n "$$NEO4J_URI" ]; then echo "make test: NEO4J_URI is ignored: tests never use the database you serve from (see TEST_NEO4J_URI)"; fi
	@if [ -n "$(TEST_NEO4J_URI)" ]; then \
	  $(MAKE) --no-print-directory test-go test-browser || exit 1; \
	  echo "TEST_NEO4J_URI is set: skipping test-testkit-local and test-harness, which start local Neo4j servers of their own"; \
	else \
	  $(NEO4JLOCAL) -name $(TEST_NAME) -bolt-port $(TEST_BOLT_PORT) start >/dev/null || exit 1; \
	  $(MAKE) --no-print-directory test-go test-browser TEST_NEO4J_URI=$(TEST_URI); status=$$?; \
	  $(NEO4JLOCAL) -name $(TEST_NAME) stop; [ $$status -eq 0 ] || exit $$status; \
	  $(MAKE) --no-print-directory test-testkit-local || exit 1; \
	  $(MAKE) --no-print-directory test-harness; \
	fi

test-testkit-local: neo4jlocal ## prove the testkit provisions Neo4j by itself (the local route), as a downstream test would
	@env -u TEST_NEO4J_URI MINERALGRAPH_EXPECT_ROUTE=neo4jlocal TEST_NEO4J_BOLT_PORT=$(TESTKIT_BOLT_PORT) \
	  $(GO) test -count=1 -v -run TestStart ./testkit; status=$$?; \
	  $(NEO4JLOCAL) -name go-test-$(TESTKIT_BOLT_PORT) stop; exit $$status

test-harness: ## short load and fault runs (the harness of make loadtest/faulttest), so that CI keeps them honest
	@$(MAKE) --no-print-directory loadtest LOAD_DURATION=10s LOAD_CLIENTS=8
	@$(MAKE) --no-print-directory faulttest FAULT_FLAGS="-before 10s -outage 5s -after 60s -grace 45s"

loadtest: ## $(LOAD_CLIENTS) clients run the documented queries for $(LOAD_DURATION) on a fresh local stack; prints throughput and latency
	$(GO) run ./cmd/loadtest -bolt-port $(LOADTEST_BOLT_PORT) -clients $(LOAD_CLIENTS) -duration $(LOAD_DURATION) load

faulttest: ## the same load plus a writer while Neo4j is killed and restarted; checks failure, recovery, writes and leaks
	$(GO) run ./cmd/loadtest -bolt-port $(LOADTEST_BOLT_PORT) -clients $(FAULT_CLIENTS) $(FAULT_FLAGS) fault

soak: ## $(SOAK_CLIENTS) readers and a writer for $(SOAK_DURATION); the server's memory, goroutines and open files each minute, which must stay flat
	$(GO) run ./cmd/loadtest -bolt-port $(LOADTEST_BOLT_PORT) -clients $(SOAK_CLIENTS) -duration $(SOAK_DURATION) soak

bench: ## ours against the Neo4j GraphQL Library (bench/peer) and the raw driver, on the curated and a grown graph; tables in bench/results
	$(GO) run ./bench $(BENCH_FLAGS)

fuzz: ## run every fuzz target for $(FUZZTIME) each (filters, cursors, importers, the CSV reader)
	@for pkg in ./dataset ./store; do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$target"; $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

test-go: ## run the Go tests against $TEST_NEO4J_URI (or package neo4jtest's other routes)
	TEST_SCRATCH_BOLT_PORT=$(SCRATCH_BOLT_PORT) $(GO) test -race -count=1 -v ./...

lint: ## gofmt, go vet, go.mod tidy
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@$(GO) vet ./...
	@$(GO) mod tidy -diff

generate: $(WEB_MODULES) ## regenerate graph/ (gqlgen), the example client (genqlient) and the explorer's typed operations from schema.graphqls
	@$(GO) run ./cmd/gqlgen
	@cd examples/client && $(GO) tool genqlient
	@cd web && npm run --silent generate >/dev/null

generated-check: $(WEB_MODULES) ## fail when generated code differs from what gqlgen, genqlient and GraphQL Code Generator generate
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar --exclude=./.git --exclude=./bin --exclude=./server/playground/node_modules --exclude=./web/node_modules -cf - . | tar -xf - -C "$$tmp"; \
	(cd "$$tmp" && $(GO) run ./cmd/gqlgen && cd examples/client && $(GO) tool genqlient) || exit 1; \
	ln -s "$(CURDIR)/web/node_modules" "$$tmp/web/node_modules" && (cd "$$tmp/web" && npm run --silent generate >/dev/null) || exit 1; \
	if ! diff -ru graph "$$tmp/graph" || ! diff -u examples/client/generated.go "$$tmp/examples/client/generated.go" || ! diff -ru web/src/gql "$$tmp/web/src/gql"; then \
	  echo "generated code is stale: run 'make generate' and commit the result"; exit 1; fi; \
	echo "generated code is fresh"

docs: neo4jlocal ## regenerate docs/queries.md and the README's examples from server/examples (needs a Neo4j of its own, as make test)
	@if [ -n "$(TEST_NEO4J_URI)" ]; then UPDATE_DOCS=1 TEST_NEO4J_URI=$(TEST_NEO4J_URI) $(GO) test -count=1 -run TestDocumentedQueries ./server; \
	else \
	  $(NEO4JLOCAL) -name $(TEST_NAME) -bolt-port $(TEST_BOLT_PORT) start >/dev/null || exit 1; \
	  TEST_NEO4J_URI=$(TEST_URI) UPDATE_DOCS=1 $(GO) test -count=1 -run TestDocumentedQueries ./server; status=$$?; \
	  $(NEO4JLOCAL) -name $(TEST_NAME) stop; exit $$status; \
	fi

screenshot: ## save docs/playground.png and docs/explore-*.png (each view of the explorer) from a server running at $(URL) (needs Chromium: CHROMIUM)
	@if [ ! -x "$(CHROMIUM)" ]; then echo "make screenshot drives Chromium, and there is none at $(CHROMIUM): install Debian's (apt-get install chromium) or set CHROMIUM=/path/to/chromium" >&2; exit 2; fi
	@cd docs/screenshot && npm ci --no-audit --no-fund --loglevel=error && URL=$(URL) CHROMIUM=$(CHROMIUM) node shoot.mjs
