package rest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzFastDecoder holds the byte decoder to the token decoder built on
// encoding/json: on every input both fail, or both give the same rows and
// paging metadata.
func FuzzFastDecoder(f *testing.F) {
	f.Add(`{"time_entries":[{"id":1,"spent_date":"2024-01-01","user":{"id":2,"name":"x"},"hours":1.5,"notes":null}],"links":{"next":null},"total_entries":1}`)
	f.Add(`{"time_entries":[{"external_reference":{"id":"a","group_id":"b"},"invoice":null,"notes":"caf\u00e9 \ud83d\ude00 \ud800 \"q\" \\ \/ \b\f\n\r\t"}],"links":{"next":"http://x/y"}}`)
	f.Add(`{"time_entries":null}`)
	f.Add(`{"time_entries":[1,2]}`)
	f.Add(`{"time_entries":[{"id":-0.0e+1,"hours":1e400,"is_billed":tru}]}`)
	f.Add(`{"time_entries":[{"notes":"a` + "\xff\xfe" + `b"}]} `)
	f.Add(`[]`)
	f.Add(`{"time_entries":[{"user":[1]}]}`)
	p := harvest.Provider()
	users, _ := p.Table("users")
	te, _ := p.Table("time_entries")
	f.Fuzz(func(t *testing.T, body string) {
		if strings.Count(body, "[")+strings.Count(body, "{") > 500 {
			t.Skip("deep nesting: the token decoder has no depth limit")
		}
		for _, c := range []struct {
			tbl             *schema.Table
			records, object string
		}{{te, "time_entries", ""}, {te, "", ""}, {te, "$", ""}, {users, "", "user"}, {users, "users", ""}} {
			d := newDecoder(c.tbl)
			want, werr := d.decode(strings.NewReader(body), c.records, c.object, p.Paging)
			got, gerr := d.decodeBytes([]byte(body), c.records, c.object, p.Paging)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("records %q: token decoder err=%v, byte decoder err=%v", c.records, werr, gerr)
			}
			if werr == nil {
				require.Equal(t, want, got, "records %q", c.records)
			}
		}
	})
}

func TestFastDecoderMatchesTheTokenDecoderOnAPage(t *testing.T) {
	var page bytes.Buffer
	page.WriteString(`{"time_entries":[`)
	for i := range 50 {
		if i > 0 {
			page.WriteString(",")
		}
		page.WriteString(`{"id":9007199254740993,"spent_date":"2017-03-01","user":{"id":1782959,"name":"Kim \"K\" Allen"},"hours":1.35,"notes":"Importing\nproducts","is_running":false,"invoice":null,"external_reference":{"id":"x1","permalink":"https://x/y"}}`)
	}
	page.WriteString(`],"total_entries":50,"links":{"next":"https://api/next"}}`)
	p := harvest.Provider()
	te, _ := p.Table("time_entries")
	d := newDecoder(te)
	want, err := d.decode(bytes.NewReader(page.Bytes()), "time_entries", "", p.Paging)
	require.NoError(t, err)
	got, err := d.decodeBytes(page.Bytes(), "time_entries", "", p.Paging)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Len(t, got.Rows, 50)
	assert.Equal(t, `Kim "K" Allen`, got.Rows[0][te.Column("user_name")])
}
