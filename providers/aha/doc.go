// Package aha is the built-in profile of the Aha! REST API v1: products
// (workspaces), features, epics, ideas and their endorsements, votes,
// comments and categories, releases, release phases, initiatives, goals,
// requirements, comments, users, to-dos, competitors and idea
// organizations; their columns (nested objects flattened: workflow_status.name
// becomes workflow_status_name), the documented filters as pushdown,
// parent-scoped listings (/products/{product_id}/features) and get-by-id
// access paths.
//
// The account is the subdomain of the host (ProfileSettings Domain).
// Authentication is an API key (ProfileSettings APIKey) or an OAuth access
// token, both sent as a Bearer token. IDs are digit strings, often above
// 2^53, so they are TEXT. Listings return abbreviated records unless asked
// for more attributes, so every listing sends fields= with the columns the
// query uses.
package aha
