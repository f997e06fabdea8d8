# mineralgraph. Two commands matter:
#   make run    start a local Neo4j (unless NEO4J_URI is set), load the dataset, serve the API
#   make test   run every test, unit and integration, against a real Neo4j
# `make help` lists the rest.

SHELL := /bin/bash
.DEFAULT_GOAL := help
GO ?= go

NEO4J_BOLT_PORT ?= 7687
TEST_BOLT_PORT ?= 7688
TESTKIT_BOLT_PORT ?= 7689
LOADTEST_BOLT_PORT ?= 7692
LOAD_CLIENTS ?= 16
LOAD_DURATION ?= 30s
FAULT_CLIENTS ?= 8
FAULT_FLAGS ?=
HTTP_ADDR ?= :8080
URL ?= http://127.0.0.1:8080/
DEV_URI := bolt://127.0.0.1:$(NEO4J_BOLT_PORT)
TEST_URI := bolt://127.0.0.1:$(TEST_BOLT_PORT)
NEO4JLOCAL := bin/neo4jlocal

.PHONY: help run build playground explore chromium test-web test-browser neo4jlocal seed neo4j-start neo4j-stop neo4j-wipe test test-go test-testkit-local test-harness bench lint generate generated-check docs screenshot loadtest faulttest fuzz

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: ## start Neo4j (unless NEO4J_URI is set), load the dataset, serve API and playground
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

CHROMIUM ?= /usr/bin/chromium
chromium: ## install Debian's chromium (apt-get) for the browser tests and make screenshot, when it is missing
	@if [ ! -x $(CHROMIUM) ]; then \
	  sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null; \
	fi
	@$(CHROMIUM) --version

test-web: $(WEB_MODULES) ## type-check and format-check the explorer, then run its component tests (Vitest)
	@cd web && npm run --silent lint && npx vitest run

test-browser: build chromium ## the explorer and GraphQL-over-HTTP audit in headless Chromium against a server on $NEO4J_URI
	@cd web && MINERALGRAPH_BIN=$(CURDIR)/bin/mineralgraph CHROMIUM=$(CHROMIUM) npm run --silent test:browser

seed: build ## load the curated dataset into $NEO4J_URI (or the local Neo4j); idempotent
	@NEO4J_URI=$${NEO4J_URI:-$(DEV_URI)} bin/mineralgraph seed

neo4jlocal: ## build bin/neo4jlocal, which runs Neo4j from Maven Central jars (the targets below use it)
	@$(GO) build -o bin/neo4jlocal ./cmd/neo4jlocal

neo4j-start: neo4jlocal ## start the local Neo4j on 127.0.0.1:$(NEO4J_BOLT_PORT), fetching it once from Maven Central
	@if [ -n "$$NEO4J_URI" ]; then echo "NEO4J_URI=$$NEO4J_URI is set: using that server, not a local one"; \
	else $(NEO4JLOCAL) -name dev -bolt-port $(NEO4J_BOLT_PORT) start >/dev/null; fi

neo4j-stop: neo4jlocal ## stop the local Neo4j
	@$(NEO4JLOCAL) -name dev stop

neo4j-wipe: neo4jlocal ## stop the local Neo4j and delete its data (the downloaded jars stay cached)
	@$(NEO4JLOCAL) -name dev wipe

test: lint generated-check test-web explore chromium neo4jlocal ## run every test (unit, integration, browser) against a real Neo4j
	@if [ -n "$$NEO4J_URI" ]; then $(MAKE) --no-print-directory test-go test-browser || exit 1; \
	  echo "NEO4J_URI is set: skipping test-harness, which needs a local Neo4j it may kill"; \
	else \
	  $(NEO4JLOCAL) -name test -bolt-port $(TEST_BOLT_PORT) start >/dev/null || exit 1; \
	  NEO4J_URI=$(TEST_URI) $(MAKE) --no-print-directory test-go test-browser; status=$$?; \
	  $(NEO4JLOCAL) -name test stop; [ $$status -eq 0 ] || exit $$status; \
	  $(MAKE) --no-print-directory test-testkit-local || exit 1; \
	  $(MAKE) --no-print-directory test-harness; \
	fi

test-testkit-local: neo4jlocal ## prove the testkit provisions Neo4j by itself (the local route), as a downstream test would
	@env -u NEO4J_URI MINERALGRAPH_EXPECT_ROUTE=neo4jlocal NEO4J_TEST_BOLT_PORT=$(TESTKIT_BOLT_PORT) \
	  $(GO) test -count=1 -v -run TestStart ./testkit; status=$$?; \
	  $(NEO4JLOCAL) -name go-test stop; exit $$status

test-harness: ## short load and fault runs (the harness of make loadtest/faulttest), so that CI keeps them honest
	@$(MAKE) --no-print-directory loadtest LOAD_DURATION=10s LOAD_CLIENTS=8
	@$(MAKE) --no-print-directory faulttest FAULT_FLAGS="-before 10s -outage 5s -after 60s -grace 45s"

loadtest: ## $(LOAD_CLIENTS) clients run the documented queries for $(LOAD_DURATION) on a fresh local stack; prints throughput and latency
	$(GO) run ./cmd/loadtest -bolt-port $(LOADTEST_BOLT_PORT) -clients $(LOAD_CLIENTS) -duration $(LOAD_DURATION) load

faulttest: ## the same load plus a writer while Neo4j is killed and restarted; checks failure, recovery, writes and leaks
	$(GO) run ./cmd/loadtest -bolt-port $(LOADTEST_BOLT_PORT) -clients $(FAULT_CLIENTS) $(FAULT_FLAGS) fault

bench: ## ours against the Neo4j GraphQL Library (bench/peer) and the raw driver, on the curated and a grown graph; tables in bench/results
	$(GO) run ./bench $(BENCH_FLAGS)

FUZZTIME ?= 30s
fuzz: ## run every fuzz target for $(FUZZTIME) each (filters, cursors, importers, the CSV reader)
	@for pkg in ./dataset ./store; do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$target"; $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

test-go: ## run the Go tests against $NEO4J_URI
	$(GO) test -race -count=1 -v ./...

lint: ## gofmt, go vet, go.mod tidy
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@$(GO) vet ./...
	@$(GO) mod tidy -diff

generate: $(WEB_MODULES) ## regenerate graph/ (gqlgen), the example client (genqlient) and the explorer's typed operations from schema.graphqls
	@$(GO) tool gqlgen generate
	@cd examples/client && $(GO) tool genqlient
	@cd web && npm run --silent generate >/dev/null

generated-check: $(WEB_MODULES) ## fail when generated code differs from what gqlgen, genqlient and GraphQL Code Generator generate
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar --exclude=./.git --exclude=./bin --exclude=./server/playground/node_modules --exclude=./web/node_modules -cf - . | tar -xf - -C "$$tmp"; \
	(cd "$$tmp" && $(GO) tool gqlgen generate && cd examples/client && $(GO) tool genqlient) || exit 1; \
	ln -s "$(CURDIR)/web/node_modules" "$$tmp/web/node_modules" && (cd "$$tmp/web" && npm run --silent generate >/dev/null) || exit 1; \
	if ! diff -ru graph "$$tmp/graph" || ! diff -u examples/client/generated.go "$$tmp/examples/client/generated.go" || ! diff -ru web/src/gql "$$tmp/web/src/gql"; then \
	  echo "generated code is stale: run 'make generate' and commit the result"; exit 1; fi; \
	echo "generated code is fresh"

docs: neo4jlocal ## regenerate docs/queries.md and the README's examples from server/examples (needs Neo4j like make test)
	@if [ -n "$$NEO4J_URI" ]; then UPDATE_DOCS=1 $(GO) test -count=1 -run TestDocumentedQueries ./server; \
	else \
	  $(NEO4JLOCAL) -name test -bolt-port $(TEST_BOLT_PORT) start >/dev/null || exit 1; \
	  NEO4J_URI=$(TEST_URI) UPDATE_DOCS=1 $(GO) test -count=1 -run TestDocumentedQueries ./server; status=$$?; \
	  $(NEO4JLOCAL) -name test stop; exit $$status; \
	fi

screenshot: chromium ## save docs/playground.png and docs/explore-*.png (each view of the explorer) from a running server at $(URL)
	@cd docs/screenshot && npm ci --no-audit --no-fund --loglevel=error && URL=$(URL) CHROMIUM=$(CHROMIUM) node shoot.mjs
