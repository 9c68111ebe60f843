package dsn_test

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/dsn"
)

// conf returns the Config Parse produces for an empty string, modified by f.
func conf(f func(c *dsn.Config)) dsn.Config {
	c := dsn.NewConfig()
	if f != nil {
		f(c)
	}
	return *c
}

// seeds are the example connection strings of the CData documentation in
// /work/shared/seeds, verbatim: they must parse.
var seeds = []struct {
	name string
	dsn  string
	want dsn.Config
}{
	{
		name: "aha oauth",
		dsn:  `Profile=C:\profiles\aha.apip;ProfileSettings='Domain=acmeinc';Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`,
		want: conf(func(c *dsn.Config) {
			c.Profile = `C:\profiles\aha.apip`
			c.ProfileSettings = dsn.Settings{{Key: "Domain", Value: "acmeinc"}}
			c.AuthScheme = dsn.AuthOAuth
			c.InitiateOAuth = dsn.InitiateGetAndRefresh
			c.OAuthClientId = "your_client_id"
			c.OAuthClientSecret = "your_client_secret"
			c.CallbackURL = "your_callback_url"
		}),
	},
	{
		name: "aircall basic",
		dsn:  `Profile=C:\profiles\AirCall.apip;User=my_api_id;Password=my_api_token;`,
		want: conf(func(c *dsn.Config) {
			c.Profile = `C:\profiles\AirCall.apip`
			c.User = "my_api_id"
			c.Password = "my_api_token"
		}),
	},
	{
		name: "aircall oauth",
		dsn:  `Profile=C:\profiles\AirCall.apip;Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`,
		want: conf(func(c *dsn.Config) {
			c.Profile = `C:\profiles\AirCall.apip`
			c.AuthScheme = dsn.AuthOAuth
			c.InitiateOAuth = dsn.InitiateGetAndRefresh
			c.OAuthClientId = "your_client_id"
			c.OAuthClientSecret = "your_client_secret"
			c.CallbackURL = "your_callback_url"
		}),
	},
	{
		name: "harvest token",
		dsn:  `Profile=C:\profiles\Harvest.apip;ProfileSettings='APIKey=my_personal_key;AccountId=_your_account_id';`,
		want: conf(func(c *dsn.Config) {
			c.Profile = `C:\profiles\Harvest.apip`
			c.ProfileSettings = dsn.Settings{
				{Key: "APIKey", Value: "my_personal_key"},
				{Key: "AccountId", Value: "_your_account_id"},
			}
		}),
	},
	{
		name: "harvest oauth",
		dsn:  `Profile=C:\profiles\Harvest.apip;ProfileSettings='AccountId=_your_account_id';Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`,
		want: conf(func(c *dsn.Config) {
			c.Profile = `C:\profiles\Harvest.apip`
			c.ProfileSettings = dsn.Settings{{Key: "AccountId", Value: "_your_account_id"}}
			c.AuthScheme = dsn.AuthOAuth
			c.InitiateOAuth = dsn.InitiateGetAndRefresh
			c.OAuthClientId = "your_client_id"
			c.OAuthClientSecret = "your_client_secret"
			c.CallbackURL = "your_callback_url"
		}),
	},
}

// validCases are connection strings that must parse, with the Config they
// must produce.
var validCases = []struct {
	name string
	dsn  string
	want dsn.Config
}{
	{"empty", ``, conf(nil)},
	{"only separators", ` ; ;; `, conf(nil)},
	{"built-in profile", `Profile=harvest`, conf(func(c *dsn.Config) { c.Profile = "harvest" })},
	{"unix path profile", `Profile=/x/p.yaml;`, conf(func(c *dsn.Config) { c.Profile = "/x/p.yaml" })},
	{"backslashes are literal", `Profile=C:\new\table.apip`, conf(func(c *dsn.Config) { c.Profile = `C:\new\table.apip` })},
	{"whitespace around keys and values", "  profile = harvest ;\tUSER =  bob smith \n; ", conf(func(c *dsn.Config) {
		c.Profile = "harvest"
		c.User = "bob smith"
	})},
	{"case-insensitive keys", `pRoFiLe=a;oauthclientid=id;CALLBACKURL=http://localhost/cb`, conf(func(c *dsn.Config) {
		c.Profile = "a"
		c.OAuthClientId = "id"
		c.CallbackURL = "http://localhost/cb"
	})},
	{"single-quoted value with ; and =", `Password='p;a=ss'`, conf(func(c *dsn.Config) { c.Password = "p;a=ss" })},
	{"doubled single quote", `User='it''s'`, conf(func(c *dsn.Config) { c.User = "it's" })},
	{"doubled double quote", `User="say ""hi"""`, conf(func(c *dsn.Config) { c.User = `say "hi"` })},
	{"other quote inside quotes", `User="o'brien";Scope='a "b" c'`, conf(func(c *dsn.Config) {
		c.User = "o'brien"
		c.Scope = `a "b" c`
	})},
	{"quote inside unquoted value", `User=o'brien`, conf(func(c *dsn.Config) { c.User = "o'brien" })},
	{"whitespace kept inside quotes", `User=' bob ' ;Profile=x`, conf(func(c *dsn.Config) {
		c.User = " bob "
		c.Profile = "x"
	})},
	{"unquoted value may contain =", `Scope=a=b c`, conf(func(c *dsn.Config) { c.Scope = "a=b c" })},
	{"empty values", `User=;Password='';Profile=""`, conf(nil)},
	{"empty typed values mean default", `Timeout=;Verbosity=;AuthScheme=;MaxRows=;Pagesize=`, conf(nil)},
	{"non-ASCII value", `User=józef;Logfile=/tmp/日本.log`, conf(func(c *dsn.Config) {
		c.User = "józef"
		c.Logfile = "/tmp/日本.log"
	})},
	{"enums in any case", `authscheme=oauth_client;initiateoauth=Refresh`, conf(func(c *dsn.Config) {
		c.AuthScheme = dsn.AuthOAuthClient
		c.InitiateOAuth = dsn.InitiateRefresh
	})},
	{"enum basic", `AUTHSCHEME=Basic;InitiateOAuth=off`, conf(func(c *dsn.Config) {
		c.AuthScheme = dsn.AuthBasic
		c.InitiateOAuth = dsn.InitiateOff
	})},
	{"enum quoted with spaces", `AuthScheme=' apikey '`, conf(func(c *dsn.Config) { c.AuthScheme = dsn.AuthAPIKey })},
	{"enum none and ntlm", `AuthScheme=none`, conf(func(c *dsn.Config) { c.AuthScheme = dsn.AuthNone })},
	{"enum ntlm", `AuthScheme=NtLm`, conf(func(c *dsn.Config) { c.AuthScheme = dsn.AuthNTLM })},
	{"timeout seconds", `Timeout=30`, conf(func(c *dsn.Config) { c.Timeout = 30 * time.Second })},
	{"timeout zero disables", `Timeout=0`, conf(func(c *dsn.Config) { c.Timeout = 0 })},
	{"timeout default given", `Timeout=60`, conf(nil)},
	{"timeout with sign and zeros", `Timeout=+007`, conf(func(c *dsn.Config) { c.Timeout = 7 * time.Second })},
	{"maxrows -1 is unlimited", `MaxRows=-1`, conf(nil)},
	{"maxrows 0 is unlimited", `MaxRows=0`, conf(nil)},
	{"maxrows", `MaxRows=100`, conf(func(c *dsn.Config) { c.MaxRows = 100 })},
	{"pagesize and verbosity", `Pagesize=50;Verbosity=3`, conf(func(c *dsn.Config) {
		c.Pagesize = 50
		c.Verbosity = 3
	})},
	{"verbosity bounds", `Verbosity=5`, conf(func(c *dsn.Config) { c.Verbosity = 5 })},
	{"rate limit auto", `RateLimit=auto`, conf(nil)},
	{"rate limit off", `RateLimit=off`, conf(func(c *dsn.Config) { c.RateLimit = dsn.RateLimit{Off: true} })},
	{"rate limit window", `RateLimit=100/15s`, conf(func(c *dsn.Config) { c.RateLimit = dsn.RateLimit{Requests: 100, Period: 15 * time.Second} })},
	{"rate limit bare unit", `RateLimit=60/m`, conf(func(c *dsn.Config) { c.RateLimit = dsn.RateLimit{Requests: 60, Period: time.Minute} })},
	{"rate limit hours", `RateLimit=5000/1h30m`, conf(func(c *dsn.Config) { c.RateLimit = dsn.RateLimit{Requests: 5000, Period: 90 * time.Minute} })},
	{"max requests", `MaxRequests=25`, conf(func(c *dsn.Config) { c.MaxRequests = 25 })},
	{"all string properties", `OAuthAccessToken=at;OAuthRefreshToken=rt;OAuthSettingsLocation=/tmp/oauth.txt;Scope=read write;Logfile=/tmp/log.txt`,
		conf(func(c *dsn.Config) {
			c.OAuthAccessToken = "at"
			c.OAuthRefreshToken = "rt"
			c.OAuthSettingsLocation = "/tmp/oauth.txt"
			c.Scope = "read write"
			c.Logfile = "/tmp/log.txt"
		})},
	{"nested quotes inside quotes", `ProfileSettings="APIKey='a;b';AccountId=1"`, conf(func(c *dsn.Config) {
		c.ProfileSettings = dsn.Settings{{Key: "APIKey", Value: "a;b"}, {Key: "AccountId", Value: "1"}}
	})},
	{"nested doubled quotes", `ProfileSettings='APIKey=''x;y''; AccountId = 2 ;'`, conf(func(c *dsn.Config) {
		c.ProfileSettings = dsn.Settings{{Key: "APIKey", Value: "x;y"}, {Key: "AccountId", Value: "2"}}
	})},
	{"nested four quotes", `ProfileSettings='APIKey=''it''''s'''`, conf(func(c *dsn.Config) {
		c.ProfileSettings = dsn.Settings{{Key: "APIKey", Value: "it's"}}
	})},
	{"nested unquoted single pair", `ProfileSettings=APIKey=abc`, conf(func(c *dsn.Config) {
		c.ProfileSettings = dsn.Settings{{Key: "APIKey", Value: "abc"}}
	})},
	{"nested empty", `ProfileSettings=''`, conf(nil)},
	{"nested empty value and free-form keys", `ProfileSettings='Custom Key=;BaseURL=http://127.0.0.1:8080/v2'`, conf(func(c *dsn.Config) {
		c.ProfileSettings = dsn.Settings{{Key: "Custom Key", Value: ""}, {Key: "BaseURL", Value: "http://127.0.0.1:8080/v2"}}
	})},
	{"unicode white space is trimmed", "User=\u00a0bob\u0085;Scope='\u2003x'", conf(func(c *dsn.Config) {
		c.User = "bob"
		c.Scope = "\u2003x"
	})},
	{"invalid UTF-8 kept as is", "User=a\xc2;Scope=\xff\xfe ", conf(func(c *dsn.Config) {
		c.User = "a\xc2"
		c.Scope = "\xff\xfe"
	})},
	{"newline inside a value", "User=a\nb", conf(func(c *dsn.Config) { c.User = "a\nb" })},
	{"settings keys with quotes", `ProfileSettings='"k=1;a''b=2;Url=''x'''`, conf(func(c *dsn.Config) {
		c.ProfileSettings = dsn.Settings{{Key: `"k`, Value: "1"}, {Key: "a'b", Value: "2"}, {Key: "Url", Value: "x"}}
	})},
	{"literal REDACTED", `Password=REDACTED;ProfileSettings='APIKey=REDACTED'`, conf(func(c *dsn.Config) {
		c.Password = "REDACTED"
		c.ProfileSettings = dsn.Settings{{Key: "APIKey", Value: "REDACTED"}}
	})},
	{"everything", `Profile=harvest;ProfileSettings='APIKey=k;AccountId=1';AuthScheme=APIKEY;InitiateOAuth=OFF;OAuthClientId=ci;OAuthClientSecret=cs;OAuthAccessToken=at;OAuthRefreshToken=rt;OAuthSettingsLocation=loc;CallbackURL=https://x/cb;Scope=s;User=u;Password=p;Timeout=10;MaxRows=5;Pagesize=100;Logfile=l;Verbosity=2`,
		conf(func(c *dsn.Config) {
			c.Profile = "harvest"
			c.ProfileSettings = dsn.Settings{{Key: "APIKey", Value: "k"}, {Key: "AccountId", Value: "1"}}
			c.AuthScheme = dsn.AuthAPIKey
			c.InitiateOAuth = dsn.InitiateOff
			c.OAuthClientId = "ci"
			c.OAuthClientSecret = "cs"
			c.OAuthAccessToken = "at"
			c.OAuthRefreshToken = "rt"
			c.OAuthSettingsLocation = "loc"
			c.CallbackURL = "https://x/cb"
			c.Scope = "s"
			c.User = "u"
			c.Password = "p"
			c.Timeout = 10 * time.Second
			c.MaxRows = 5
			c.Pagesize = 100
			c.Logfile = "l"
			c.Verbosity = 2
		})},
}

// allValid returns the seeds and the valid cases together.
func allValid() []struct {
	name string
	dsn  string
	want dsn.Config
} {
	return append(append(validCases[:0:0], seeds...), validCases...)
}

func TestParseSeeds(t *testing.T) {
	for _, tc := range seeds {
		t.Run(tc.name, func(t *testing.T) {
			got, err := dsn.Parse(tc.dsn)
			require.NoError(t, err)
			assert.Equal(t, tc.want, *got)
		})
	}
}

func TestParseValid(t *testing.T) {
	for _, tc := range validCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := dsn.Parse(tc.dsn)
			require.NoError(t, err)
			assert.Equal(t, tc.want, *got)
		})
	}
}

// invalidCases must be rejected with the given sentinel and Property.
// offset is the expected Error.Offset (-1 when not applicable); msg, when
// set, must appear in the error message.
var invalidCases = []struct {
	name     string
	dsn      string
	sentinel error
	property string
	offset   int
	msg      string
}{
	// A segment without "=": the text is named.
	{"missing equals", `Profile`, dsn.ErrSyntax, "", 0, `dsn: missing "=" after "Profile" at offset 0`},
	// Same, later in the string; the offset points at the segment.
	{"missing equals later", `Timeout=5; Profile ;`, dsn.ErrSyntax, "", 11, `missing "=" after "Profile" at offset 11`},
	// A key must not be empty.
	{"empty key", `=x`, dsn.ErrSyntax, "", 0, "empty property name"},
	// Whitespace-only key is empty too.
	{"blank key", `Profile=a;  =x`, dsn.ErrSyntax, "", 12, "empty property name"},
	// The opening quote at offset 8 is never closed.
	{"unterminated single quote", `Profile='abc`, dsn.ErrSyntax, "Profile", 8, "dsn: Profile: unterminated quoted value"},
	// A doubled quote at the end is a literal quote, so still unterminated.
	{"unterminated after doubled quote", `User="a""`, dsn.ErrSyntax, "User", 5, "unterminated"},
	// Only whitespace may follow a closing quote.
	{"text after closing quote", `Profile='a'b`, dsn.ErrSyntax, "Profile", 11, "after the closing quote"},
	// A near miss gets a suggestion.
	{"unknown with suggestion", `AuthSchem=OAuth`, dsn.ErrUnknownProperty, "AuthSchem", 0, `dsn: unknown property "AuthSchem" (did you mean "AuthScheme"?)`},
	// Suggestions are case-insensitive.
	{"unknown with suggestion, case", `PAGESIZ=5`, dsn.ErrUnknownProperty, "PAGESIZ", 0, `did you mean "Pagesize"?`},
	// Two edits away from CallbackURL.
	{"unknown callback", `CallbakUrl=x`, dsn.ErrUnknownProperty, "CallbakUrl", 0, `did you mean "CallbackURL"?`},
	// Nothing is close: point at the docs instead.
	{"unknown without suggestion", `Server=x`, dsn.ErrUnknownProperty, "Server", 0, `unknown property "Server" (see docs/dsn.md for the list of properties)`},
	// A provider setting at the top level: point at ProfileSettings.
	{"setting at top level", `Profile=harvest;APIKey=k`, dsn.ErrUnknownProperty, "APIKey", 16, `provider settings go inside ProfileSettings`},
	// Invalid enum values list the allowed values.
	{"bad auth scheme", `AuthScheme=OAuth2`, dsn.ErrInvalidValue, "AuthScheme", 11, `dsn: AuthScheme: invalid value "OAuth2" (allowed: BASIC, NONE, NTLM, OAUTH, OAUTH_CLIENT, APIKEY)`},
	// Same for InitiateOAuth.
	{"bad initiate", `InitiateOAuth=yes`, dsn.ErrInvalidValue, "InitiateOAuth", 14, `(allowed: OFF, GETANDREFRESH, REFRESH)`},
	// Unicode look-alikes are not case-folded to ASCII letters.
	{"enum kelvin sign", "AuthScheme=\u212Aey", dsn.ErrInvalidValue, "AuthScheme", 11, "invalid value"},
	// Timeout is whole seconds >= 0.
	{"negative timeout", `Timeout=-1`, dsn.ErrInvalidValue, "Timeout", 8, "want whole seconds from 0 to 2147483647"},
	// Fractions are not seconds.
	{"fractional timeout", `Timeout=1.5`, dsn.ErrInvalidValue, "Timeout", 8, "want whole seconds"},
	// Go durations are not accepted either.
	{"duration timeout", `Timeout=30s`, dsn.ErrInvalidValue, "Timeout", 8, "want whole seconds"},
	// Too large for the range.
	{"huge timeout", `Timeout=99999999999`, dsn.ErrInvalidValue, "Timeout", 8, "want whole seconds"},
	// MaxRows accepts -1 but no other negative number.
	{"maxrows -2", `MaxRows=-2`, dsn.ErrInvalidValue, "MaxRows", 8, "want -1 or an integer from 0 to"},
	// Not a number.
	{"maxrows text", `MaxRows=all`, dsn.ErrInvalidValue, "MaxRows", 8, "want -1 or an integer"},
	// RateLimit is auto, off or N/DURATION.
	{"rate limit word", `RateLimit=fast`, dsn.ErrInvalidValue, "RateLimit", 10, "want auto, off, or N/DURATION"},
	{"rate limit zero requests", `RateLimit=0/1s`, dsn.ErrInvalidValue, "RateLimit", 10, "want auto, off, or N/DURATION"},
	{"rate limit bad period", `RateLimit=10/-1s`, dsn.ErrInvalidValue, "RateLimit", 10, "want auto, off, or N/DURATION"},
	{"max requests negative", `MaxRequests=-1`, dsn.ErrInvalidValue, "MaxRequests", 12, "want a whole number"},
	// Pagesize must be >= 1 when given.
	{"pagesize zero", `Pagesize=0`, dsn.ErrInvalidValue, "Pagesize", 9, "want an integer from 1 to"},
	// Negative Pagesize.
	{"pagesize negative", `Pagesize=-5`, dsn.ErrInvalidValue, "Pagesize", 9, "want an integer from 1 to"},
	// Verbosity is 1..5.
	{"verbosity zero", `Verbosity=0`, dsn.ErrInvalidValue, "Verbosity", 10, "want an integer from 1 to 5"},
	// Verbosity above 5.
	{"verbosity six", `Verbosity=6`, dsn.ErrInvalidValue, "Verbosity", 10, "want an integer from 1 to 5"},
	// The same property twice, in different case.
	{"duplicate", `User=a;user=b`, dsn.ErrDuplicate, "User", 7, `dsn: property "User" given twice`},
	// CallbackUrl and CallbackURL are the same property.
	{"duplicate callback", `CallbackUrl=a;CallbackURL=b`, dsn.ErrDuplicate, "CallbackURL", 14, `property "CallbackURL" given twice`},
	// An empty value still counts as given.
	{"duplicate with empty", `Profile=;;Profile=x`, dsn.ErrDuplicate, "Profile", 10, `given twice`},
	// A key given twice inside ProfileSettings.
	{"nested duplicate", `ProfileSettings='APIKey=a;apikey=b'`, dsn.ErrDuplicate, "ProfileSettings.APIKey", 26, `property "ProfileSettings.APIKey" given twice`},
	// A segment without "=" inside ProfileSettings; offset into the outer string.
	{"nested missing equals", `ProfileSettings='Domain=x;AccountId'`, dsn.ErrSyntax, "ProfileSettings", 26, `dsn: ProfileSettings: missing "=" after "AccountId" at offset 26`},
	// The inner quote at offset 24 is never closed.
	{"nested unterminated", `ProfileSettings="APIKey='abc"`, dsn.ErrSyntax, "ProfileSettings.APIKey", 24, "unterminated"},
	// Offsets account for doubled quotes in the outer value.
	{"nested offset after doubled quotes", `ProfileSettings='A=''x''; B'`, dsn.ErrSyntax, "ProfileSettings", 26, `missing "=" after "B"`},
	// Empty key inside ProfileSettings.
	{"nested empty key", `ProfileSettings='=1'`, dsn.ErrSyntax, "ProfileSettings", 17, "empty property name"},
	// A password containing ";" must be quoted; the rest is not echoed.
	{"unquoted secret with semicolon", `Password=ab;cdefgh`, dsn.ErrSyntax, "", 12, "after the value of Password (not shown"},
	// Same, where the rest looks like a property.
	{"unquoted secret with semicolon and equals", `Password=ab;cdefgh=x`, dsn.ErrUnknownProperty, "", 12, "after the value of Password (name not shown"},
	// An unquoted ProfileSettings value ends at the first ";".
	{"unquoted profile settings", `ProfileSettings=APIKey=abc;AccountId=1`, dsn.ErrUnknownProperty, "", 27, `quote values that contain ";"`},
	// Inside ProfileSettings, text after an unquoted secret value is hidden too.
	{"nested unquoted secret", `ProfileSettings="APIKey=ab;cdefgh"`, dsn.ErrSyntax, "ProfileSettings", 27, "after the value of ProfileSettings.APIKey (not shown"},
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range invalidCases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := dsn.Parse(tc.dsn)
			require.Error(t, err)
			assert.Nil(t, cfg)
			assert.ErrorIs(t, err, tc.sentinel)
			var e *dsn.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.property, e.Property)
			assert.Equal(t, tc.offset, e.Offset)
			if tc.msg != "" {
				assert.Contains(t, err.Error(), tc.msg)
			}
			assert.True(t, strings.HasPrefix(err.Error(), "dsn: "), err.Error())
			for _, other := range []error{dsn.ErrSyntax, dsn.ErrUnknownProperty, dsn.ErrInvalidValue, dsn.ErrDuplicate} {
				if other != tc.sentinel {
					assert.NotErrorIs(t, err, other)
				}
			}
		})
	}
}

// secret values used by the redaction tests; distinctive so that a leak is
// unmistakable.
const (
	secClient  = "cl1ent-s3cret-QX"
	secAccess  = "acc3ss-t0ken-QX"
	secRefresh = "refr3sh-t0ken-QX"
	secPass    = "pa55w0rd-QX"
	secAPIKey  = "ap1-k3y-QX"
	secOther   = "0ther-s3tting-QX"
)

var allSecrets = []string{secClient, secAccess, secRefresh, secPass, secAPIKey, secOther}

func TestRedaction(t *testing.T) {
	s := `Profile=harvest;ProfileSettings='APIKey=` + secAPIKey + `;AccountId=42;Token=` + secOther +
		`;Domain=acme;baseurl=http://127.0.0.1:9/';OAuthClientId=client-id;OAuthClientSecret=` + secClient +
		`;OAuthAccessToken='` + secAccess + `';OAuthRefreshToken=` + secRefresh + `;User=bob;Password=` + secPass
	cfg, err := dsn.Parse(s)
	require.NoError(t, err)
	require.Equal(t, secPass, cfg.Password)
	require.Equal(t, secOther, cfg.ProfileSettings.Value("token"))

	outputs := map[string]string{
		"String":          cfg.String(),
		"Settings.String": cfg.ProfileSettings.String(),
		"%v":              fmt.Sprintf("%v", cfg),
		"%+v":             fmt.Sprintf("%+v", cfg),
		"%#v":             fmt.Sprintf("%#v", cfg),
		"%s value":        fmt.Sprintf("%s", *cfg),
		"%#v value":       fmt.Sprintf("%#v", *cfg),
		"%v settings":     fmt.Sprintf("%v", cfg.ProfileSettings),
		"%#v settings":    fmt.Sprintf("%#v", cfg.ProfileSettings),
		"%#v setting":     fmt.Sprintf("%#v", cfg.ProfileSettings[0]),
		"%v in struct":    fmt.Sprintf("%+v", struct{ C dsn.Config }{*cfg}),
	}
	for name, out := range outputs {
		for _, sec := range allSecrets {
			assert.NotContains(t, out, sec, name)
		}
	}
	assert.Equal(t, `Profile=harvest;ProfileSettings='APIKey=REDACTED;AccountId=42;Token=REDACTED;Domain=acme;baseurl=http://127.0.0.1:9/';`+
		`OAuthClientId=client-id;OAuthClientSecret=REDACTED;OAuthAccessToken=REDACTED;OAuthRefreshToken=REDACTED;User=bob;Password=REDACTED`,
		cfg.String())
	// FormatDSN is the unredacted form.
	for _, sec := range allSecrets {
		assert.Contains(t, cfg.FormatDSN(), sec)
	}
}

// TestErrorsNeverContainSecrets checks messages of errors raised near, in
// or after secret values.
func TestErrorsNeverContainSecrets(t *testing.T) {
	bad := []string{
		`Password=` + secPass + `;` + secPass,                                 // secret repeated as a bare segment after a secret
		`Password=x;` + secPass + `=1`,                                        // looks like a key after a secret
		`Password='` + secPass,                                                // unterminated
		`Password='` + secPass + `'x`,                                         // text after quote
		`OAuthClientSecret=` + secClient + `;OAuthClientSecret=` + secClient,  // duplicate
		`OAuthAccessToken=` + secAccess + `;Timeout=abc`,                      // unrelated invalid value
		`OAuthRefreshToken=` + secRefresh + `;Verbosity=9`,                    // unrelated invalid value
		`ProfileSettings='APIKey=` + secAPIKey + `;apikey=` + secAPIKey + `'`, // nested duplicate
		`ProfileSettings='APIKey=` + secAPIKey + `;` + secAPIKey + `'`,        // nested missing "=" after a secret
		`ProfileSettings='APIKey="` + secAPIKey + `'`,                         // nested unterminated
		`ProfileSettings=APIKey=` + secAPIKey + `;AccountId=1`,                // unquoted nested settings
		`Password=` + secPass + `;AuthSchem=x`,                                // unknown after secret
	}
	for _, s := range bad {
		_, err := dsn.Parse(s)
		require.Error(t, err, s)
		msg := err.Error()
		var e *dsn.Error
		require.ErrorAs(t, err, &e)
		for _, sec := range allSecrets {
			assert.NotContains(t, msg, sec, s)
			assert.NotContains(t, e.Property, sec, s)
		}
	}
}

// redacted returns c with its non-empty secrets replaced by REDACTED, which
// is what Parse(c.String()) must return.
func redacted(c *dsn.Config) *dsn.Config {
	r := c.Clone()
	for _, p := range []*string{&r.OAuthClientSecret, &r.OAuthAccessToken, &r.OAuthRefreshToken, &r.Password, &r.OAuthVerifier} {
		if *p != "" {
			*p = dsn.Redacted
		}
	}
	for _, p := range []*string{&r.CallbackURL, &r.OAuthAuthorizationURL, &r.OAuthAccessTokenURL, &r.OAuthRefreshTokenURL} {
		if *p != "" {
			*p = dsn.RedactURL(*p)
		}
	}
	for i, kv := range r.ProfileSettings {
		switch {
		case kv.Value != "" && dsn.IsSecretSetting(kv.Key):
			r.ProfileSettings[i].Value = dsn.Redacted
		case strings.Contains(kv.Value, "://"):
			r.ProfileSettings[i].Value = dsn.RedactURL(kv.Value)
		}
	}
	return r
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range allValid() {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := dsn.Parse(tc.dsn)
			require.NoError(t, err)

			formatted := cfg.FormatDSN()
			back, err := dsn.Parse(formatted)
			require.NoError(t, err, formatted)
			assert.Equal(t, cfg, back, formatted)
			assert.Equal(t, formatted, back.FormatDSN(), "FormatDSN is a fixed point")

			shown := cfg.String()
			fromShown, err := dsn.Parse(shown)
			require.NoError(t, err, shown)
			assert.Equal(t, redacted(cfg), fromShown, shown)
			assert.Equal(t, shown, fromShown.String())
		})
	}
}

func TestFormatDSN(t *testing.T) {
	tests := []struct {
		dsn, want string
	}{
		{``, ``},
		{`Timeout=60;Verbosity=1;MaxRows=-1`, ``}, // defaults are not written
		{`Profile=C:\profiles\aha.apip;ProfileSettings='Domain=acmeinc';Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`,
			`Profile=C:\profiles\aha.apip;ProfileSettings='Domain=acmeinc';AuthScheme=OAUTH;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackURL=your_callback_url`},
		{`verbosity=2;timeout=0;user=' x';password='a''b'`, `User=' x';Password='a''b';Timeout=0;Verbosity=2`},
		{`ProfileSettings="APIKey='a;b';AccountId=1"`, `ProfileSettings='APIKey=''a;b'';AccountId=1'`},
		{`ProfileSettings='K=;L="x";M=a"b'`, `ProfileSettings='K='''';L=x;M=''a"b'''`},
		{`Scope=a=b`, `Scope='a=b'`},
		{`User=o"k`, `User='o"k'`},
	}
	for _, tc := range tests {
		cfg, err := dsn.Parse(tc.dsn)
		require.NoError(t, err, tc.dsn)
		assert.Equal(t, tc.want, cfg.FormatDSN(), tc.dsn)
	}
}

func TestFormatHandBuilt(t *testing.T) {
	// A Config built in code has no defaults applied: Timeout 0 means no
	// timeout, Verbosity 0 is treated as the default.
	c := &dsn.Config{Profile: "harvest", Timeout: 1500 * time.Millisecond, MaxRows: -1}
	c.ProfileSettings.Set("AccountId", "1")
	c.CacheTolerance = dsn.DefaultCacheTolerance
	assert.Equal(t, `Profile=harvest;ProfileSettings='AccountId=1';Timeout=2`, c.FormatDSN())
	// A zero CacheTolerance refreshes at every query, and is written.
	assert.Equal(t, `Profile=harvest;Timeout=0;CacheTolerance=0`, (&dsn.Config{Profile: "harvest"}).FormatDSN())
	assert.Equal(t, ``, dsn.NewConfig().FormatDSN())
}

func TestClone(t *testing.T) {
	cfg, err := dsn.Parse(seeds[3].dsn)
	require.NoError(t, err)
	c := cfg.Clone()
	require.Equal(t, cfg, c)
	c.ProfileSettings.Set("APIKey", "changed")
	c.ProfileSettings.Set("New", "x")
	assert.Equal(t, "my_personal_key", cfg.ProfileSettings.Value("APIKey"))
	assert.Equal(t, 2, cfg.ProfileSettings.Len())
	assert.Nil(t, (*dsn.Config)(nil).Clone())
	assert.Nil(t, dsn.NewConfig().Clone().ProfileSettings)
}

func TestSettings(t *testing.T) {
	s, err := dsn.ParseSettings(`APIKey=abc; accountid = 123 ;Custom='x;y'`)
	require.NoError(t, err)
	assert.Equal(t, 3, s.Len())
	assert.Equal(t, []string{"APIKey", "accountid", "Custom"}, s.Keys())

	v, ok := s.Get("apikey")
	assert.True(t, ok)
	assert.Equal(t, "abc", v)
	v, ok = s.Get("ACCOUNTID")
	assert.True(t, ok)
	assert.Equal(t, "123", v)
	_, ok = s.Get("missing")
	assert.False(t, ok)
	assert.Equal(t, "", s.Value("missing"))
	assert.True(t, s.Has("custom"))

	s.Set("AccountID", "456") // replaced in place, spelling kept
	s.Set("Domain", "acme")   // appended
	assert.Equal(t, dsn.Settings{
		{Key: "APIKey", Value: "abc"},
		{Key: "accountid", Value: "456"},
		{Key: "Custom", Value: "x;y"},
		{Key: "Domain", Value: "acme"},
	}, s)
	assert.Equal(t, `APIKey=abc;accountid=456;Custom='x;y';Domain=acme`, s.FormatDSN())
	assert.Equal(t, `APIKey=REDACTED;accountid=456;Custom=REDACTED;Domain=acme`, s.String())

	assert.True(t, s.Delete("custom"))
	assert.False(t, s.Delete("custom"))
	assert.Equal(t, []string{"APIKey", "accountid", "Domain"}, s.Keys())

	empty, err := dsn.ParseSettings(" ; ")
	require.NoError(t, err)
	assert.Nil(t, empty)
	assert.Equal(t, 0, empty.Len())
	assert.Nil(t, empty.Keys())

	var one dsn.Settings
	one.Set("a", "b")
	assert.True(t, one.Delete("A"))
	assert.Nil(t, one)

	_, err = dsn.ParseSettings(`APIKey=a;APIKEY=b`)
	var e *dsn.Error
	require.ErrorAs(t, err, &e)
	assert.ErrorIs(t, err, dsn.ErrDuplicate)
	assert.Equal(t, "APIKey", e.Property)
	assert.Equal(t, 9, e.Offset)
}

func TestIsSecretSetting(t *testing.T) {
	for _, k := range []string{"AccountId", "accountid", "Domain", "BaseURL", "baseurl", "Subdomain", "Region", "Url", "URL"} {
		assert.False(t, dsn.IsSecretSetting(k), k)
	}
	for _, k := range []string{"APIKey", "Token", "AccountIds", "", "Account Id", "\u212Aey", "Ur\u0130"} {
		assert.True(t, dsn.IsSecretSetting(k), k)
	}
}

func TestProperties(t *testing.T) {
	props := dsn.Properties()
	var names []string
	secret := map[string]bool{}
	for _, p := range props {
		names = append(names, p.Name)
		secret[p.Name] = p.Secret
		assert.NotEmpty(t, p.Doc, p.Name)
	}
	assert.Equal(t, []string{"Profile", "ProfileSettings", "AuthScheme", "InitiateOAuth",
		"OAuthClientId", "OAuthClientSecret", "OAuthAccessToken", "OAuthRefreshToken",
		"OAuthSettingsLocation", "CallbackURL", "OAuthAuthorizationURL", "OAuthAccessTokenURL", "OAuthRefreshTokenURL",
		"OAuthExpiresIn", "OAuthTokenTimestamp", "OAuthVerifier", "Scope", "User", "Password",
		"Timeout", "MaxRows", "Pagesize", "Logfile", "Verbosity", "Fixtures", "FixtureMode",
		"RateLimit", "MaxRequests", "AutoCache", "CacheLocation", "CacheTolerance", "Offline", "CacheConnection"}, names)
	for name, s := range secret {
		want := name == "OAuthClientSecret" || name == "OAuthAccessToken" || name == "OAuthRefreshToken" || name == "Password" || name == "OAuthVerifier"
		assert.Equal(t, want, s, name)
	}
	assert.Equal(t, []string{"BASIC", "NONE", "NTLM", "OAUTH", "OAUTH_CLIENT", "APIKEY"}, props[2].Allowed)
	assert.Equal(t, []string{"OFF", "GETANDREFRESH", "REFRESH"}, props[3].Allowed)
	assert.Equal(t, "60", props[19].Default)

	// The result is a copy.
	props[2].Allowed[0] = "changed"
	assert.Equal(t, "BASIC", dsn.Properties()[2].Allowed[0])

	// Every property name parses (with an empty value).
	for _, p := range dsn.Properties() {
		_, err := dsn.Parse(p.Name + "=")
		assert.NoError(t, err, p.Name)
	}
}

func TestDocsMentionEveryProperty(t *testing.T) {
	b, err := os.ReadFile("../docs/dsn.md")
	require.NoError(t, err)
	doc := string(b)
	for _, p := range dsn.Properties() {
		re := regexp.MustCompile(`(?m)^### ` + regexp.QuoteMeta(p.Name) + `\s*$`)
		assert.Regexp(t, re, doc, "docs/dsn.md needs a ### %s section", p.Name)
	}
	assert.Contains(t, doc, "Redaction")
}

func TestErrorFormat(t *testing.T) {
	e := &dsn.Error{Property: "Timeout", Offset: 8, Msg: `invalid value "x" (want ...)`, Err: dsn.ErrInvalidValue}
	assert.Equal(t, `dsn: Timeout: invalid value "x" (want ...)`, e.Error())
	assert.Same(t, dsn.ErrInvalidValue, errors.Unwrap(e))

	e = &dsn.Error{Offset: 3, Msg: "oops", Err: dsn.ErrSyntax}
	assert.Equal(t, `dsn: oops at offset 3`, e.Error())

	// Long text is clipped in messages.
	_, err := dsn.Parse(strings.Repeat("x", 200))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 100)
}

func TestOAuthAndFixtureProperties(t *testing.T) {
	in := "Profile=harvest;OAuthAccessTokenURL=http://127.0.0.1:9/token;OAuthExpiresIn=3600;OAuthTokenTimestamp=1700000000000;" +
		"OAuthVerifier=code-1234;Fixtures=testdata/report.yaml;FixtureMode=Once"
	c, err := dsn.Parse(in)
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9/token", c.OAuthAccessTokenURL)
	assert.Equal(t, time.Hour, c.OAuthExpiresIn)
	assert.Equal(t, time.UnixMilli(1700000000000).UTC(), c.OAuthTokenTimestamp)
	assert.Equal(t, "code-1234", c.OAuthVerifier)
	assert.Equal(t, "testdata/report.yaml", c.Fixtures)
	assert.Equal(t, dsn.FixtureOnce, c.FixtureMode)
	back, err := dsn.Parse(c.FormatDSN())
	require.NoError(t, err)
	assert.Equal(t, c, back)
	assert.NotContains(t, c.String(), "code-1234")

	_, err = dsn.Parse("FixtureMode=rewind")
	assert.ErrorIs(t, err, dsn.ErrInvalidValue)
	assert.ErrorContains(t, err, "replay, record, once")
	c, err = dsn.Parse("OAuthExpiresIn=-1")
	require.NoError(t, err)
	assert.Zero(t, c.OAuthExpiresIn)
}

func TestStringRedactsCredentialsInURLs(t *testing.T) {
	c, err := dsn.Parse("Profile=x;OAuthAccessTokenURL='https://u:pw-1234@auth.example/token?client_secret=cs-5678&x=1';" +
		"CallbackURL=http://localhost:3333/cb?code=code-9999;ProfileSettings='BaseURL=https://bu:bp-4321@api.example/v1'")
	require.NoError(t, err)
	s := c.String()
	for _, secret := range []string{"pw-1234", "cs-5678", "code-9999", "bp-4321"} {
		assert.NotContains(t, s, secret)
	}
	assert.Contains(t, s, "auth.example/token")
	assert.Contains(t, s, "x=1")
	back, err := dsn.Parse(c.FormatDSN())
	require.NoError(t, err)
	assert.Equal(t, c, back, "FormatDSN keeps the values")
}

func TestCacheProperties(t *testing.T) {
	c, err := dsn.Parse("Profile=harvest;AutoCache=True;CacheLocation=/tmp/c.db;CacheTolerance=30;Offline=yes;" +
		"CacheConnection='postgres://sync:pg-secret-77@db.example:5432/replicas?sslmode=disable&password=pw-88'")
	require.NoError(t, err)
	assert.True(t, c.AutoCache)
	assert.True(t, c.Offline)
	assert.Equal(t, "/tmp/c.db", c.CacheLocation)
	assert.Equal(t, 30*time.Second, c.CacheTolerance)
	back, err := dsn.Parse(c.FormatDSN())
	require.NoError(t, err)
	assert.Equal(t, c, back)
	s := c.String()
	assert.NotContains(t, s, "pg-secret-77")
	assert.NotContains(t, s, "pw-88")
	assert.Contains(t, s, "db.example:5432/replicas")
	assert.Contains(t, fmt.Sprintf("%v %+v %#v", c, c, c), "REDACTED")
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", c, c, c), "pg-secret-77")

	d, err := dsn.Parse("Profile=harvest")
	require.NoError(t, err)
	assert.False(t, d.AutoCache)
	assert.False(t, d.Offline)
	assert.Equal(t, dsn.DefaultCacheTolerance, d.CacheTolerance)
	d, err = dsn.Parse("CacheTolerance=0")
	require.NoError(t, err)
	assert.Zero(t, d.CacheTolerance, "0 refreshes at every query")
	assert.Equal(t, "CacheTolerance=0", d.FormatDSN())

	for _, bad := range []struct{ in, prop string }{
		{"AutoCache=maybe", "AutoCache"},
		{"Offline=2", "Offline"},
		{"CacheTolerance=-5", "CacheTolerance"},
		{"CacheTolerance=soon", "CacheTolerance"},
		{"CacheConnection='host=db password=kw-secret-99'", "CacheConnection"},
		{"CacheConnection='mysql://u:kw-secret-99@db/x'", "CacheConnection"},
		{"CacheConnection='postgres:///x'", "CacheConnection"},
	} {
		_, err := dsn.Parse(bad.in)
		assert.ErrorIs(t, err, dsn.ErrInvalidValue, bad.in)
		var de *dsn.Error
		if assert.ErrorAs(t, err, &de, bad.in) {
			assert.Equal(t, bad.prop, de.Property)
		}
		assert.NotContains(t, err.Error(), "kw-secret-99", "the value of CacheConnection is never echoed")
	}
	_, err = dsn.Parse("CacheConnection='postgres://u@/x?host=/tmp/sock'")
	assert.NoError(t, err, "a unix socket directory in host=")
}
