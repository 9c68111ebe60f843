package saasapi

import (
	"fmt"
	"io"
	"strconv"

	"github.com/saasapi/saasapi/rest"
)

// Client returns the REST client the connector's connections share. The
// SQLite bridge scans tables through it, with the same authentication,
// retries and limits as the native driver.
func (c *Connector) Client() *rest.Client { return c.client }

// MaxRequests is the DSN's MaxRequests (0: no cap), which the SQLite
// bridge applies to each statement.
func (c *Connector) MaxRequests() int { return c.cfg.MaxRequests }

// CheckRedirect is the redirect policy of every request saasapi sends (an
// http.Client's CheckRedirect): a redirect is followed only on the scheme
// and host:port of the request it answers, at most 10 times; any other is
// an error matching ErrRedirect. Use it for an http.Client of your own
// that carries saasapi's credentials (the CLI's OAuth login does).
var CheckRedirect = rest.CheckRedirect

// Format prints the connector as its connection string with every secret
// redacted, whatever the verb (%v, %+v, %#v, %s, %q).
func (c *Connector) Format(f fmt.State, verb rune) {
	s := "saasapi.Connector{" + c.cfg.String() + "}"
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	io.WriteString(f, s)
}
