# Build helpers. Every go command uses the project's one tag set, so that
# builds, vet and tests share the build cache (go-sqlite3 compiles once).
GO ?= go
export GOFLAGS := -tags=sqlite_vtable

.PHONY: all extension test vet bench clean

all: extension

# build/saasapi.so: the loadable SQLite extension (entry point
# sqlite3_saasapi_init, so `.load build/saasapi` finds it). Needs gcc (the
# SQLite headers are in sqlite/extension/include); links no SQLite: the
# tag no_sqlite_cache leaves out the cache's SQLite store (go-sqlite3).
extension:
	@mkdir -p build
	$(GO) build -tags=sqlite_vtable,no_sqlite_cache -buildmode=c-shared -ldflags="-s -w" -o build/saasapi.so ./sqlite/extension
	@rm -f build/saasapi.h

test:
	$(GO) test ./...

vet:
	$(GO) vet ./...

# make bench: the Go benchmarks of every package (build/gobench.txt), then
# cmd/saasapi-bench, which measures issue #13's figures against the sandbox
# and prints each next to its target (also in build/performance.md, with
# the machine; docs/performance.md explains them). A few minutes on 2 cores.
bench:
	@mkdir -p build
	$(GO) test -run '^$$' -bench . -benchmem ./... > build/gobench.txt || (cat build/gobench.txt; exit 1)
	@cat build/gobench.txt
	$(GO) run ./cmd/saasapi-bench -gobench build/gobench.txt -markdown build/performance.md

clean:
	rm -rf build
