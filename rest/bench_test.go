package rest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/schema"
)

// BenchmarkDecodePage decodes a page of 2000 Harvest time entries with
// every documented field, nested objects included.
func BenchmarkDecodePage(b *testing.B) {
	body, d, p := timeEntriesPage()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		pg, err := d.decodeBytes(body, "time_entries", "", p.Paging)
		if err != nil || len(pg.Rows) != 2000 {
			b.Fatal(err, len(pg.Rows))
		}
	}
}

// timeEntriesPage is a page of 2000 Harvest time entries with every
// documented field, nested objects included.
func timeEntriesPage() ([]byte, *decoder, *schema.Provider) {
	var page bytes.Buffer
	page.WriteString(`{"time_entries":[`)
	for i := range 2000 {
		if i > 0 {
			page.WriteString(",")
		}
		fmt.Fprintf(&page, `{"id":%d,"spent_date":"2017-03-01","user":{"id":1782959,"name":"Kim Allen"},"client":{"id":5735776,"name":"123 Industries","currency":"EUR"},`+
			`"project":{"id":14308069,"name":"Online Store - Phase 1","code":"OS1"},"task":{"id":8083366,"name":"Programming"},`+
			`"user_assignment":{"id":125068554,"is_project_manager":true,"is_active":true,"budget":null,"created_at":"2017-06-26T22:32:52Z","updated_at":"2017-06-26T22:32:52Z","hourly_rate":100.0},`+
			`"task_assignment":{"id":155505014,"billable":true,"is_active":true,"created_at":"2017-06-26T21:52:18Z","updated_at":"2017-06-26T21:52:18Z","hourly_rate":100.0,"budget":null},`+
			`"hours":1.35,"hours_without_timer":1.35,"rounded_hours":1.5,"notes":"Importing products","created_at":"2017-06-27T15:49:28Z","updated_at":"2017-06-27T16:47:14Z",`+
			`"is_locked":true,"locked_reason":"Item Invoiced and Approved and Locked for this Time Period","is_closed":true,"is_billed":true,"timer_started_at":null,`+
			`"started_time":"1:00pm","ended_time":"2:00pm","is_running":false,"invoice":{"id":13150403,"number":"1001"},"external_reference":null,`+
			`"billable":true,"budgeted":true,"billable_rate":100.0,"cost_rate":50.0}`, 9007199254740993+i)
	}
	page.WriteString(`],"per_page":2000,"total_pages":1,"total_entries":2000,"links":{"next":null}}`)
	p := harvest.Provider()
	t, _ := p.Table("time_entries")
	return page.Bytes(), newDecoder(t), p
}

// BenchmarkDecodePageTokens decodes the same page with the token decoder
// built on encoding/json, the baseline of the byte decoder.
func BenchmarkDecodePageTokens(b *testing.B) {
	body, d, p := timeEntriesPage()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		pg, err := d.decodePage(bytes.NewReader(body), "time_entries", p.Paging)
		if err != nil || len(pg.Rows) != 2000 {
			b.Fatal(err, len(pg.Rows))
		}
	}
}
