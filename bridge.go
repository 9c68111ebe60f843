package saasapi

import "github.com/saasapi/saasapi/rest"

// Client returns the REST client the connector's connections share. The
// SQLite bridge scans tables through it, with the same authentication,
// retries and limits as the native driver.
func (c *Connector) Client() *rest.Client { return c.client }
