package saasapi_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/fixtures"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCredentialTypesPrintNoSecret prints every exported type that holds
// a credential with every verb and looks for the secrets (the auth
// package's own types are held by its own test).
func TestCredentialTypesPrintNoSecret(t *testing.T) {
	const secret = "hunter2-"
	text := "Profile=harvest;ProfileSettings='APIKey=" + secret + "pat;AccountId=42;BaseURL=https://user:" + secret + "pw@api.example/v2';" +
		"OAuthClientSecret=" + secret + "cs;Password=" + secret + "pw2"
	cfg, err := dsn.Parse(text)
	require.NoError(t, err)
	c, err := saasapi.OpenConnector("Profile=harvest;ProfileSettings='APIKey=" + secret + "pat;AccountId=42'")
	require.NoError(t, err)
	defer c.Close()
	rec, err := fixtures.Open(filepath.Join(t.TempDir(), "c.json"), fixtures.Options{Mode: fixtures.Record, Profile: "harvest", Secrets: []string{secret + "pat"}})
	require.NoError(t, err)
	values := map[string]any{
		"dsn.Config":        cfg,
		"*dsn.Config":       &cfg,
		"dsn.Settings":      cfg.ProfileSettings,
		"Connector":         c,
		"rest.Client":       c.Client(),
		"fixtures.Recorder": rec,
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, secret, "%s %s: %s", name, verb, out)
		}
	}
}
