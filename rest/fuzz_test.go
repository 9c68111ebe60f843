package rest

import (
	"testing"

	"github.com/saasapi/saasapi/providers/harvest"
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
