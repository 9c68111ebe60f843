package saasapi

import "github.com/saasapi/saasapi/rest"

// Client returns the REST client the connector's connections share. The
// SQLite bridge scans tables through it, with the same authentication,
// retries and limits as the native driver.
func (c *Connector) Client() *rest.Client { return c.client }

// CheckRedirect is the redirect policy of every request saasapi sends (an
// http.Client's CheckRedirect): a redirect is followed only on the scheme
// and host:port of the request it answers, at most 10 times; any other is
// an error matching ErrRedirect. Use it for an http.Client of your own
// that carries saasapi's credentials (the CLI's OAuth login does).
var CheckRedirect = rest.CheckRedirect
