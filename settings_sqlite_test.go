//go:build cgo && sqlite_vtable

package saasapi_test

import (
	"database/sql"
	"net/http"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAccountIdNotDigitsRefusedByTheBridge: the SQLite bridge scans
// through the connector's REST client, not its connections; its scan
// fails with the AccountId error too (after the client's retries of the
// refused request, about a second), and no request is sent. (SQLite
// passes the message on, not the error chain.)
func TestAccountIdNotDigitsRefusedByTheBridge(t *testing.T) {
	ct := &countingTransport{body: `{"clients":[],"links":{}}`}
	c, err := saasapi.OpenConnector(seedDSNs[3], saasapi.WithHTTPClient(&http.Client{Transport: ct}))
	require.NoError(t, err)
	lite := sql.OpenDB(sqlite.NewConnector(c))
	defer lite.Close()
	err = queryErr(lite, "SELECT id FROM clients")
	require.Error(t, err)
	assert.ErrorContains(t, err, "ProfileSettings: AccountId")
	assert.Empty(t, ct.sent(), "no request was sent")
}
