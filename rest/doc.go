// Package rest sends a provider's HTTP requests and turns its JSON pages
// into rows.
//
// A [Client] holds one provider account: base URL (the provider's, or the
// BaseURL setting, https unless loopback), required headers, User-Agent,
// retries of GETs after 429 (honouring Retry-After, capped), 5xx and network
// errors with jittered backoff, and a size limit on every body. A [Pager]
// follows a listing page by page (Harvest's links.next, only on the API's
// own host) and decodes each page as a token stream straight into rows, so
// IDs stay exact int64 and no map is built per record.
//
// Every non-2xx answer becomes an [*APIError] that matches [ErrUnauthorized],
// [ErrForbidden], [ErrNotFound], [ErrRateLimited] or [ErrServer] with
// errors.Is. Secrets never reach an error or a log line.
package rest
