package dsn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/dsn"
)

// secretValues returns the non-empty secret values of c.
func secretValues(c *dsn.Config) []string {
	var out []string
	for _, v := range []string{c.OAuthClientSecret, c.OAuthAccessToken, c.OAuthRefreshToken, c.Password} {
		if v != "" {
			out = append(out, v)
		}
	}
	for _, kv := range c.ProfileSettings {
		if kv.Value != "" && dsn.IsSecretSetting(kv.Key) {
			out = append(out, kv.Value)
		}
	}
	return out
}

func FuzzParse(f *testing.F) {
	for _, tc := range allValid() {
		f.Add(tc.dsn)
	}
	for _, tc := range invalidCases {
		f.Add(tc.dsn)
	}

	f.Fuzz(func(t *testing.T, s string) {
		cfg, err := dsn.Parse(s)
		if err != nil {
			require.Nil(t, cfg)
			var e *dsn.Error
			require.ErrorAs(t, err, &e)
			n := 0
			for _, sentinel := range []error{dsn.ErrSyntax, dsn.ErrUnknownProperty, dsn.ErrInvalidValue, dsn.ErrDuplicate} {
				if errors.Is(err, sentinel) {
					n++
				}
			}
			require.Equal(t, 1, n, "exactly one sentinel: %v", err)
			require.GreaterOrEqual(t, e.Offset, -1)
			require.LessOrEqual(t, e.Offset, len(s))
			require.True(t, strings.HasPrefix(err.Error(), "dsn: "))
			return
		}
		require.NotNil(t, cfg)

		// FormatDSN round-trips and is a fixed point.
		formatted := cfg.FormatDSN()
		back, err := dsn.Parse(formatted)
		require.NoError(t, err, "FormatDSN output %q", formatted)
		require.Equal(t, cfg, back, "FormatDSN output %q", formatted)
		require.Equal(t, formatted, back.FormatDSN())

		// String hides every secret: it is exactly the FormatDSN of the
		// config with the secrets replaced, and parses back to that.
		shown := cfg.String()
		want := redacted(cfg)
		require.Equal(t, want.FormatDSN(), shown)
		fromShown, err := dsn.Parse(shown)
		require.NoError(t, err, "String output %q", shown)
		require.Equal(t, want, fromShown)

		// And, directly: no secret of 4 bytes or more appears in String()
		// unless it also occurs in the non-secret parts (by chance, e.g.
		// a password equal to the profile name).
		public := want.FormatDSN()
		for _, sec := range secretValues(cfg) {
			if len(sec) < 4 || strings.Contains(public, sec) {
				continue
			}
			assert.NotContains(t, shown, sec)
			assert.NotContains(t, cfg.ProfileSettings.String(), sec)
		}
	})
}
