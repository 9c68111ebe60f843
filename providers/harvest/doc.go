// Package harvest is the built-in profile of the Harvest API v2: the tables
// time_entries, projects, clients, users and tasks, their columns (nested
// objects flattened: client.id becomes client_id), the documented filters as
// pushdown, and get-by-id access paths.
//
// Authentication is a personal access token (ProfileSettings APIKey) sent as
// a Bearer token, with the account chosen by the Harvest-Account-Id header
// (ProfileSettings AccountId).
package harvest
