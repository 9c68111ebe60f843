package providers_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExampleProfileLoads(t *testing.T) {
	p, err := providers.Resolve("../examples/jsonplaceholder.yaml")
	require.NoError(t, err)
	assert.Equal(t, "jsonplaceholder", p.Name)
	assert.Equal(t, 60, p.RateLimit.Requests)
	assert.Equal(t, time.Minute, p.RateLimit.Period)
	users, ok := p.Table("users")
	require.True(t, ok)
	c := users.Columns[users.Column("address_geo_lat")]
	assert.Equal(t, "address.geo.lat", c.Path)
	assert.Equal(t, schema.TypeJSON, users.Columns[users.Column("company")].Type)
	comments, _ := p.Table("comments")
	assert.Equal(t, "posts.id", comments.Paths[1].Parents["post_id"])
}

func TestProfileErrorsNameTheLine(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct{ body, says string }{
		"unknown key": {"name: x\nbase_url: https://x.example\nauth: {schemes: [NONE]}\npaging: {style: none}\ntables:\n  - name: t\n    colums: []\n",
			"bad.yaml:7: field colums not found"},
		"bad type": {"name: x\nbase_url: https://x.example\nauth: {schemes: [NONE]}\npaging: {style: none}\ntables:\n  - name: t\n    columns:\n      - {name: id, type: BIGNUM}\n",
			`bad.yaml:8: unknown type "BIGNUM"`},
		"validation": {"name: x\nbase_url: https://x.example\nauth: {schemes: [NONE]}\npaging: {style: none}\ntables:\n  - name: a\n    columns: [{name: id, type: INTEGER}]\n    paths: [{name: l, path: /a, records: a}]\n  - name: b\n    columns: [{name: id, type: INTEGER}]\n    paths: [{name: l, path: \"/b/{parent}\", records: b}]\n",
			"bad.yaml:9: profile x: table b: path l: placeholder {parent} is not a key"},
		"json": {`{"name": "x", "base_url": "https://x.example", "auth": {"schemes": ["NONE"]}, "paging": {"style": "sideways"}, "tables": []}`,
			`unknown style "sideways"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, "bad.yaml")
			if name == "json" {
				path = filepath.Join(dir, "bad.json")
			}
			require.NoError(t, os.WriteFile(path, []byte(tc.body), 0o600))
			_, err := providers.Resolve(path)
			require.Error(t, err)
			assert.ErrorIs(t, err, providers.ErrBadProfile)
			assert.Contains(t, err.Error(), tc.says)
		})
	}
	_, err := providers.Resolve(filepath.Join(dir, "missing.yaml"))
	assert.ErrorIs(t, err, providers.ErrBadProfile)
}
