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

# Benchmarks: every package's (go test -bench), against the sandbox on
# loopback; they report requests per operation next to the time.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf build
