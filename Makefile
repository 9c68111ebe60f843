# Build helpers. Every go command uses the project's one tag set, so that
# builds, vet and tests share the build cache (go-sqlite3 compiles once).
GO ?= go
export GOFLAGS := -tags=sqlite_vtable

.PHONY: all extension test vet clean

all: extension

# build/saasapi.so: the loadable SQLite extension (entry point
# sqlite3_saasapi_init, so `.load build/saasapi` finds it). Needs gcc (the
# SQLite headers are in sqlite/extension/include); links no SQLite.
extension:
	@mkdir -p build
	$(GO) build -buildmode=c-shared -ldflags="-s -w" -o build/saasapi.so ./sqlite/extension
	@rm -f build/saasapi.h

test:
	$(GO) test ./...

vet:
	$(GO) vet ./...

clean:
	rm -rf build
