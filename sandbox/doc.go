// Package sandbox is a local, read-only emulator of the Harvest API v2.
//
// It serves five tables on a loopback address, with the same shapes, filters,
// ordering, pagination envelope, authentication and errors as the real API
// (see the Harvest section of the provider reference):
//
//	GET /v2/time_entries   GET /v2/time_entries/{id}
//	GET /v2/projects       GET /v2/projects/{id}
//	GET /v2/clients        GET /v2/clients/{id}
//	GET /v2/users          GET /v2/users/{id}      GET /v2/users/me
//	GET /v2/tasks          GET /v2/tasks/{id}
//
// The data set is generated deterministically from [Options.Seed], so two
// servers started with the same options serve byte-identical responses.
// [Server.Dataset] exposes the generated records so tests can compute the
// answers they expect, and [Server.Requests], [Server.Log] and
// [Server.FailNext] let them count the requests a query costs and inject
// rate limits or server errors.
//
// Typical use in a test:
//
//	srv, err := sandbox.Start(sandbox.Options{Rows: 450})
//	if err != nil { ... }
//	defer srv.Close()
//	db, err := sql.Open("saasapi", srv.DSN())
//
// The CLI uses the same server for "saasapi query --sandbox" and
// "saasapi sandbox serve".
package sandbox
