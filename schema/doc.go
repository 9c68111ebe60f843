// Package schema is saasapi's vocabulary as data: a [Provider] is a REST API
// described as tables, each [Table] with typed [Column]s read from JSON paths
// and [AccessPath]s (endpoints, like indexes of a database) whose [Filter]s
// map SQL predicates to query parameters.
//
// Built-in providers are Go values of these types (package providers); the
// same types carry JSON tags so that users' own profiles load from files.
// [Provider.Validate] checks a profile before it is used.
//
// The package imports nothing else of saasapi.
package schema
