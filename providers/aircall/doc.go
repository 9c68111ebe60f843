// Package aircall is the built-in profile of the Aircall Public API v1: the
// tables calls, users, user_availabilities, teams, numbers, contacts, tags,
// webhooks and company, the per-call conversation-intelligence tables
// (call_transcriptions, call_sentiments, call_topics, call_summaries), their
// columns (nested objects flattened: user.id becomes user_id), the documented
// filters as pushdown, and get-by-id access paths.
//
// Authentication is HTTP Basic with the API ID as User and the API token as
// Password (AuthScheme=BASIC), or an OAuth access token (AuthScheme=OAUTH,
// scope public_api). Listings are capped at 10,000 records, so the listings
// that take from/to are split into creation-time windows.
package aircall
