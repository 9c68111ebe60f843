// Package providers holds saasapi's built-in profiles, one sub-package per
// API, and [Resolve], which maps a Profile property to a provider.
//
// Registration is explicit: a literal map of names to constructors.
package providers
