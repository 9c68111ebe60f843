package auth

import "fmt"

// Every type of this package that holds a credential prints the same
// redacted text for every fmt verb (%v, %+v, %#v, %s, %q): a Stringer
// alone is bypassed by %#v, and a struct printed by fields shows them all.

// Format prints the profile and token store, never a token or secret.
func (f *Flow) Format(s fmt.State, verb rune) {
	redactedFormat(s, verb, "auth.Flow{"+f.c.profile+" "+f.Store()+"}")
}

// Format prints the profile and client ID, never a token or secret.
func (c *client) Format(s fmt.State, verb rune) {
	redactedFormat(s, verb, "auth.client{"+c.profile+" "+c.clientID+" REDACTED}")
}

// Format prints the account service's URL, never the credentials of the
// transport below.
func (a *accountTransport) Format(s fmt.State, verb rune) {
	redactedFormat(s, verb, "auth.accountTransport{"+a.url+"}")
}

// Format prints the store's name, never the record it holds.
func (m *memStore) Format(s fmt.State, verb rune) {
	redactedFormat(s, verb, "auth.memStore{"+m.name+"}")
}

// Format prints the record's profile and client ID, never its token or
// pending verifier.
func (r record) Format(s fmt.State, verb rune) {
	redactedFormat(s, verb, "auth.record{"+r.Profile+" "+r.ClientID+" REDACTED}")
}

// Format hides the tokens whatever the verb.
func (t token) Format(s fmt.State, verb rune) { redactedFormat(s, verb, t.String()) }

// Format hides the verifier whatever the verb.
func (p pending) Format(s fmt.State, verb rune) { redactedFormat(s, verb, p.String()) }

// Format hides the code whatever the verb.
func (c callbackResult) Format(s fmt.State, verb rune) {
	redactedFormat(s, verb, "auth.callbackResult{REDACTED}")
}
