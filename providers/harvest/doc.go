// Package harvest is the built-in profile of the Harvest API v2: time
// entries, projects, clients, contacts, users, tasks, invoices, estimates,
// expenses, their categories, messages and payments, task, user and project
// assignments, rates, teammates, roles, the company and the project budget
// report. Nested objects are flattened (client.id becomes client_id), the
// documented filters are pushed down, get-by-id serves id = ?, and
// per-invoice or per-user tables are read through their parent.
//
// Authentication is a personal access token (ProfileSettings APIKey) sent as
// a Bearer token, with the account chosen by the Harvest-Account-Id header
// (ProfileSettings AccountId), or OAuth.
package harvest
