package rest

import (
	"testing"

	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func FuzzDecodePage(f *testing.F) {
	f.Add(`{"time_entries":[{"id":1,"spent_date":"2024-01-01","user":{"id":2,"name":"x"},"hours":1.5,"notes":null}],"links":{"next":null},"total_entries":1}`)
	f.Add(`{"time_entries":[{"external_reference":{"id":"a","group_id":"b"},"invoice":null}],"links":{"next":"http://x/y"}}`)
	f.Add(`{"time_entries":null}`)
	f.Add(`{"time_entries":[1,2]}`)
	f.Add(`[]`)
	p := harvest.Provider()
	t, _ := p.Table("time_entries")
	users, _ := p.Table("users")
	f.Fuzz(func(_ *testing.T, body string) {
		d := newDecoder(t)
		d.decodeBytes([]byte(body), "time_entries", "", p.Paging)
		d.decodeBytes([]byte(body), "", "", p.Paging)
		d.decodeBytes([]byte(body), "$", "", p.Paging)
		newDecoder(users).decodeBytes([]byte(body), "users", "", p.Paging)
		newDecoder(users).decodeBytes([]byte(body), "", "user", p.Paging)
	})
}

// FuzzDecodeHead: the head of a page (its first records, decoded before
// the rest) is a prefix of the page whenever the page decodes, and the
// head of a page too short to cut is the page.
func FuzzDecodeHead(f *testing.F) {
	f.Add(`{"time_entries":[{"id":1,"spent_date":"2024-01-01"},{"id":2},{"id":3}],"links":{"next":null},"total_entries":3}`, 2)
	f.Add(`{"time_entries":[{"id":1},{"id":2}],"total_entries":2}`, 5)
	f.Add(`{"links":{"next":"http://x/y"},"time_entries":[{"id":1},{"id":2},{"id":3}]`, 1)
	f.Add(`{"time_entries":[{"id":1},{"id":2},{"id":3}]}trailing`, 2)
	p := harvest.Provider()
	tbl, _ := p.Table("time_entries")
	d := newDecoder(tbl)
	f.Fuzz(func(t *testing.T, body string, limit int) {
		limit = 1 + abs(limit)%8
		head, err := d.decodeHead([]byte(body), "time_entries", "", p.Paging, limit)
		whole, werr := d.decodeBytes([]byte(body), "time_entries", "", p.Paging)
		if werr != nil || err != nil {
			if err == nil && !head.partial {
				t.Fatalf("the head is the whole page, yet the page fails: %v", werr)
			}
			return
		}
		if !head.partial {
			assert.Equal(t, whole.Rows, head.Rows, "a page too short to cut is its own head")
			return
		}
		require.LessOrEqual(t, head.Records, whole.Records)
		assert.Equal(t, whole.Rows[:len(head.Rows)], head.Rows, "the head is a prefix of the page")
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
