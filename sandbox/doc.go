// Package sandbox is a local, read-only emulator of the SaaS APIs the
// driver reads: Harvest API v2 (the default), Aircall Public API v1 and
// Aha! REST API v1, each with its OAuth 2.0 authorization server, on a
// loopback address. [Options.Provider] picks the API. Shapes, envelopes,
// filters, ordering, pagination, authentication and error bodies follow
// the provider reference (§1 Harvest, §2 Aircall, §3 Aha!).
//
// Harvest ([Server.URL] is http://127.0.0.1:PORT/v2; Bearer token plus
// Harvest-Account-Id, User-Agent required; links.next pagination, cursors on
// the endpoints that have them):
//
//	/v2/time_entries  /v2/projects  /v2/clients  /v2/users (/me)  /v2/tasks
//	/v2/contacts  /v2/invoices  /v2/invoices/{id}/messages  /v2/invoices/{id}/payments
//	/v2/invoice_item_categories  /v2/estimates  /v2/estimates/{id}/messages
//	/v2/estimate_item_categories  /v2/expenses  /v2/expense_categories
//	/v2/task_assignments  /v2/projects/{id}/task_assignments(/{id})
//	/v2/user_assignments  /v2/projects/{id}/user_assignments(/{id})
//	/v2/users/{id|me}/project_assignments  /v2/users/{id}/billable_rates(/{id})
//	/v2/users/{id}/cost_rates(/{id})  /v2/users/{id}/teammates  /v2/roles
//	/v2/company  /v2/reports/time/{clients|projects|tasks|team}
//	/v2/reports/expenses/{clients|projects|categories|team}
//	/v2/reports/uninvoiced  /v2/reports/project_budget
//
// plus GET /{table}/{id} on the top-level tables, Harvest ID's account
// discovery GET /api/v2/accounts, and OAuth at /oauth2/authorize and
// /api/v2/oauth2/token.
//
// Aircall (http://127.0.0.1:PORT/v1; Basic API ID:token or an OAuth Bearer
// token; meta.next_page_link pagination, 20 per page, at most 50; at most
// 10,000 records per listing, so large scans must split by from/to):
//
//	/v1/calls  /v1/calls/search  /v1/calls/{id}  /v1/calls/{id}/{transcription|sentiments|topics|summary}
//	/v1/users  /v1/users/{id}  /v1/users/availabilities  /v1/users/{id}/availability
//	/v1/teams  /v1/numbers  /v1/contacts  /v1/contacts/search  /v1/tags  /v1/webhooks
//	/v1/company  /v1/ping
//
// with get-by-id in singular envelopes ({"call":{...}}), and OAuth at
// /oauth/authorize and /v1/oauth/token (permanent tokens, no refresh).
//
// Aha! (http://127.0.0.1:PORT/api/v1, any Host; Bearer API key or OAuth
// token; page/per_page up to total_pages, 30 per page, at most 200; list
// records abbreviated unless fields= names the attributes):
//
//	/api/v1/products  /features  /epics  /ideas  /releases  /release_phases
//	/initiatives  /goals  /users  /me  /idea_organizations  /todos
//	/strategic_models  /custom_field_definitions(/{id}/options)  /account_backups
//	/products/{id|prefix}/{features|epics|ideas|releases|initiatives|goals|idea_categories|comments|competitors}
//	/releases/{id}/{features|epics|release_phases|comments}
//	/epics|goals|initiatives/{id}/{features|epics|comments}
//	/features/{id}/{requirements|comments}  /ideas/{id}/{comments|idea_comments|endorsements|votes}
//
// with get-by-id by id or reference ({"feature":{...}}), and OAuth at
// /oauth/authorize and /oauth/token.
//
// The OAuth servers approve every request of the configured client
// ([Options.ClientID], [Options.ClientSecret]) at once: a test plays the
// browser by following the redirect. [Server.OAuthURLs] gives the
// endpoints, [Server.ExpireTokens] and [Server.RevokeRefreshTokens] force
// the refresh paths.
//
// The data set is generated deterministically from [Options.Seed] and
// [Options.Rows], so two servers started with the same options serve
// byte-identical responses. [Server.Dataset], [Server.AircallData] and
// [Server.AhaData] expose the generated records so tests can compute the
// answers they expect, and [Server.Requests], [Server.Log] (secrets
// redacted) and [Server.FailNext] let them count the requests a query
// costs and inject rate limits or server errors.
//
// [Options.Faults] (or "saasapi sandbox serve --fault SPEC", see
// [ParseFaults]) make listing requests misbehave the way real APIs and the
// networks in front of them do: 5xx and 429 answers with odd Retry-After
// values, resets before and inside a body, truncated bodies, stalls,
// credentials revoked in the middle of a listing, next links that cycle or
// leave the host, empty, missing and duplicated pages, redirects to the
// same or another host, and a gzip bomb. A server with faults also runs an
// other-host listener ([Server.OtherURL]) that records any credential it
// receives ([Server.OtherRequests]), so a test can hold that none ever
// leaves the API's host.
//
// [Options.Latency] delays every answer, and [Options.RateLimit] (or
// "saasapi sandbox serve --latency 100ms --rate-limit 100/15s") enforces a
// sliding-window budget per account: past it, requests are answered 429
// with Retry-After and the provider's rate-limit body and headers
// ([Server.RateLimited] counts the 429s sent), so that a client's own
// budget can be tested at the limit, scaled in time.
//
// The Harvest data set scales to a million time entries (Rows: 1000000)
// in seconds: records are encoded when first served and kept within a
// budget, date ranges of date-ordered listings are found by binary search,
// and the selection of a filtered listing is kept for its next pages.
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
