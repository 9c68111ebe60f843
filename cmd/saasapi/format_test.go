package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// failingHarvest serves Harvest's /v2/clients: a first page of n clients
// with a links.next to a second page, which answers 403 (an error that is
// not retried). The clients' names are long, so the first page's output
// is many times larger than any output buffer.
func failingHarvest(t *testing.T, n int) (dsn string, names []string, requests *atomic.Int64) {
	t.Helper()
	requests = new(atomic.Int64)
	for i := range n {
		names = append(names, fmt.Sprintf("client-%05d-%s", i+1, strings.Repeat("x", 40)))
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v2/clients" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":"not_found"}`)
			return
		}
		if r.URL.Query().Get("page") == "2" {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"error":"forbidden","error_description":"the second page is refused"}`)
			return
		}
		var b strings.Builder
		b.WriteString(`{"clients":[`)
		for i, name := range names {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id":%d,"name":%q,"is_active":true,"address":null,"statement_key":"k%d","currency":"EUR","created_at":"2024-01-02T03:04:05Z","updated_at":"2024-01-02T03:04:05Z"}`, 7000000000+i, name, i)
		}
		fmt.Fprintf(&b, `],"per_page":%d,"total_pages":2,"total_entries":%d,"next_page":2,"previous_page":null,"page":1,`, n, 2*n)
		fmt.Fprintf(&b, `"links":{"first":"%[1]s/v2/clients?page=1","next":"%[1]s/v2/clients?page=2","previous":null,"last":"%[1]s/v2/clients?page=2"}}`, srv.URL)
		fmt.Fprint(w, b.String())
	}))
	t.Cleanup(srv.Close)
	return "Profile=harvest;ProfileSettings='APIKey=k;AccountId=1;BaseURL=" + srv.URL + "/v2'", names, requests
}

// TestFailedQueryPrintsOnlyWholeRows: when a listing fails after its
// first page, every format ends at a row boundary (CSV parses, JSON is a
// complete array, the table has whole lines), the rows printed are
// exactly the rows delivered, the error is on stderr and the exit status
// is 1.
func TestFailedQueryPrintsOnlyWholeRows(t *testing.T) {
	const n = 300 // ≈ 20 KB of output: several times any buffer
	for _, format := range []string{"csv", "json", "table"} {
		t.Run(format, func(t *testing.T) {
			dsn, names, requests := failingHarvest(t, n)
			out, errOut, code := runCLI(t, "query", "--dsn", dsn, "--format", format, "SELECT id, name, currency FROM clients")
			assert.Equal(t, 1, code)
			assert.Contains(t, errOut, "the second page is refused")
			assert.NotContains(t, out, "refused", "the error goes to stderr only")
			assert.EqualValues(t, 2, requests.Load())
			require.True(t, out == "" || strings.HasSuffix(out, "\n"), "output ends at a line end: %q", tail(out))

			var got [][]string // id, name, currency of each row printed
			switch format {
			case "csv":
				records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				require.NoError(t, err, tail(out))
				require.NotEmpty(t, records)
				assert.Equal(t, []string{"id", "name", "currency"}, records[0])
				got = records[1:]
			case "json":
				var rows []struct {
					ID       int64  `json:"id"`
					Name     string `json:"name"`
					Currency string `json:"currency"`
				}
				require.NoError(t, json.Unmarshal([]byte(out), &rows), "a complete JSON document: %q", tail(out))
				for _, r := range rows {
					got = append(got, []string{itoa(r.ID), r.Name, r.Currency})
				}
			case "table":
				lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				require.NotEmpty(t, lines)
				assert.Equal(t, []string{"id", "name", "currency"}, strings.Fields(lines[0]))
				for _, l := range lines[1:] {
					got = append(got, strings.Fields(l))
				}
			}
			require.Len(t, got, n, "the whole first page, delivered before the error, and nothing else")
			for i, r := range got {
				require.Equal(t, []string{itoa(7000000000 + int64(i)), names[i], "EUR"}, r, "row %d is whole", i)
			}
		})
	}
}

func tail(s string) string {
	if len(s) > 120 {
		return "…" + s[len(s)-120:]
	}
	return s
}
