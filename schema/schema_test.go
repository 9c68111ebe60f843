package schema_test

import (
	"testing"

	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func valid() *schema.Provider {
	return &schema.Provider{
		Name:     "demo",
		BaseURL:  "https://{Domain}.example.com/api",
		Settings: []schema.Setting{{Name: "Domain", Pattern: schema.PatternDNSLabel}},
		Auth:     schema.Auth{Schemes: []string{"APIKEY"}},
		Paging:   schema.Paging{Style: schema.PagingNextLink, NextPath: "links.next"},
		Tables: []*schema.Table{{
			Name:    "items",
			Columns: []schema.Column{{Name: "id", Type: schema.TypeInteger, Key: true}, {Name: "owner_id", Type: schema.TypeInteger, Path: "owner.id"}},
			Paths: []schema.AccessPath{
				{Name: "list", Path: "/items", Records: "items", Filters: []schema.Filter{{Column: "owner_id", Param: "owner", Ops: []schema.Op{schema.OpEQ}}}},
				{Name: "by_id", Path: "/items/{id}", Keys: []string{"id"}},
			},
		}},
	}
}

func TestValidateAcceptsAWellFormedProfile(t *testing.T) {
	require.NoError(t, valid().Validate())
}

func TestValidateNamesEveryMistake(t *testing.T) {
	cases := map[string]struct {
		mutate func(p *schema.Provider)
		says   string
	}{
		"bad name":           {func(p *schema.Provider) { p.Name = "Demo Co" }, `name "Demo Co"`},
		"no base url":        {func(p *schema.Provider) { p.BaseURL = "" }, "base_url is empty"},
		"unknown setting":    {func(p *schema.Provider) { p.BaseURL = "https://{Tenant}.x.com" }, "{Tenant} names no setting"},
		"no schemes":         {func(p *schema.Provider) { p.Auth.Schemes = nil }, "auth.schemes"},
		"bad paging":         {func(p *schema.Provider) { p.Paging.Style = "cursorish" }, `unknown style "cursorish"`},
		"next link w/o path": {func(p *schema.Provider) { p.Paging.NextPath = "" }, "next_path"},
		"duplicate table":    {func(p *schema.Provider) { p.Tables = append(p.Tables, p.Tables[0]) }, `table "items" declared twice`},
		"duplicate column": {func(p *schema.Provider) {
			p.Tables[0].Columns = append(p.Tables[0].Columns, schema.Column{Name: "id"})
		}, `column "id" declared twice`},
		"key not a column":  {func(p *schema.Provider) { p.Tables[0].Paths[1].Keys = []string{"uid"} }, `key "uid" is not a column`},
		"hole without key":  {func(p *schema.Provider) { p.Tables[0].Paths[0].Path = "/x/{parent}/items" }, "placeholder {parent} is not a key"},
		"filter on nothing": {func(p *schema.Provider) { p.Tables[0].Paths[0].Filters[0].Column = "owner" }, `filter on unknown column "owner"`},
		"filter no ops":     {func(p *schema.Provider) { p.Tables[0].Paths[0].Filters[0].Ops = nil }, "has no ops"},
		"relative path":     {func(p *schema.Provider) { p.Tables[0].Paths[0].Path = "items" }, "must start with '/'"},
		"no paths":          {func(p *schema.Provider) { p.Tables[0].Paths = nil }, "no access paths"},
		"unknown pattern":   {func(p *schema.Provider) { p.Settings[0].Pattern = "hostname" }, `setting Domain: pattern "hostname" is not one of`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := valid()
			tc.mutate(p)
			err := p.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestTypes(t *testing.T) {
	for _, typ := range []schema.Type{schema.TypeText, schema.TypeInteger, schema.TypeReal, schema.TypeBoolean, schema.TypeDate, schema.TypeTimestamp, schema.TypeJSON} {
		b, err := typ.MarshalText()
		require.NoError(t, err)
		var back schema.Type
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, typ, back)
	}
	_, err := schema.ParseType("BLOB")
	assert.ErrorContains(t, err, "INTEGER")
}

func TestPatterns(t *testing.T) {
	assert.NoError(t, schema.PatternDigits.Check("123456"))
	assert.Error(t, schema.PatternDigits.Check("12a"))
	assert.Error(t, schema.PatternDigits.Check(""))
	assert.NoError(t, schema.PatternDNSLabel.Check("acme-inc"))
	for _, bad := range []string{"acme.evil.com", "-x", "a/b", "", "x@y"} {
		assert.Error(t, schema.PatternDNSLabel.Check(bad), bad)
	}
}

// TestCheckSetting: a setting's declared pattern applies wherever it is
// used; a setting in a URL's host must keep to a host name's characters
// even without one; SettingInURL tells URL settings from header ones.
func TestCheckSetting(t *testing.T) {
	p := valid()
	p.BaseURL = "https://{Region}.{Domain}.example.com/api/{Version}"
	p.Settings = append(p.Settings, schema.Setting{Name: "Region"}, schema.Setting{Name: "Version"},
		schema.Setting{Name: "Account", Pattern: schema.PatternDigits}, schema.Setting{Name: "Token", Secret: true}, schema.Setting{Name: "Tenant"})
	p.Headers = map[string]string{"X-Account": "{Account}"}
	p.Auth.OAuth = &schema.OAuth{AuthURL: "https://{Tenant}.login.example.com/authorize", TokenURL: "https://login.example.com/token"}
	require.NoError(t, p.Validate())

	for name, ok := range map[string]bool{"Region": true, "domain": true, "Version": true, "Tenant": true, "Account": false, "Token": false, "Nope": false} {
		assert.Equal(t, ok, p.SettingInURL(name), name)
	}
	good := map[string][]string{
		"Region":  {"eu", "eu-1", "eu.west"},
		"Domain":  {"acme", "acme-inc"},
		"Version": {"v1", "a/b", "x?y"}, // in the path: url.Parse keeps the host
		"Account": {"123"},
		"Token":   {"any thing/at@all"},
		"Tenant":  {"acme.eu"},
	}
	for name, vs := range good {
		for _, v := range vs {
			assert.NoError(t, p.CheckSetting(name, v), "%s=%s", name, v)
		}
	}
	bad := map[string][]string{
		"Region":  {"evil.com/x", "a@b", "evil.com?", "evil.com#", "evil.com:1", `a\b`, "a b", "%2f"},
		"Domain":  {"acme.evil.com", "a@b", "-x"},
		"Account": {"_your_account_id", "12a", ""},
		"Tenant":  {"evil.com/", "a@b"},
	}
	for name, vs := range bad {
		for _, v := range vs {
			assert.Error(t, p.CheckSetting(name, v), "%s=%s", name, v)
		}
	}
	assert.ErrorContains(t, p.CheckSetting("Region", "evil.com/x"), "host")
}

func TestSuggest(t *testing.T) {
	names := []string{"time_entries", "projects", "clients"}
	assert.Equal(t, "time_entries", schema.Suggest("time_entry", names))
	assert.Equal(t, "projects", schema.Suggest("PROJECT", names))
	assert.Equal(t, "", schema.Suggest("invoices", names))
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]string{
		"2024-02-29":                "2024-02-29T00:00:00Z",
		"2024-02-29T10:11:12Z":      "2024-02-29T10:11:12Z",
		"2024-02-29T10:11:12+02:00": "2024-02-29T08:11:12Z",
		"2024-02-29 10:11:12":       "2024-02-29T10:11:12Z",
	} {
		got, err := schema.ParseTime(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got.Format("2006-01-02T15:04:05Z07:00"), in)
	}
	_, err := schema.ParseTime("yesterday")
	assert.Error(t, err)
}
