package engine_test

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// placeholder serves the recorded JSONPlaceholder data with the API's
// filters and nested paths, and logs the requests.
func placeholder(t *testing.T) (*httptest.Server, *[]string) {
	data := map[string][]map[string]any{}
	for _, n := range []string{"posts", "comments", "users", "todos"} {
		b, err := os.ReadFile("../testdata/jsonplaceholder/" + n + ".json")
		require.NoError(t, err)
		var v []map[string]any
		require.NoError(t, json.Unmarshal(b, &v))
		data[n] = v
	}
	var log []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log = append(log, r.URL.RequestURI())
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		rows := data[parts[0]]
		switch {
		case len(parts) == 2:
			for _, x := range rows {
				if strconv.Itoa(int(x["id"].(float64))) == parts[1] {
					json.NewEncoder(w).Encode(x)
					return
				}
			}
			w.WriteHeader(404)
			w.Write([]byte("{}"))
			return
		case len(parts) == 3 && parts[0] == "posts" && parts[2] == "comments":
			var out []map[string]any
			for _, c := range data["comments"] {
				if strconv.Itoa(int(c["postId"].(float64))) == parts[1] {
					out = append(out, c)
				}
			}
			json.NewEncoder(w).Encode(out)
			return
		}
		out := []map[string]any{}
		for _, x := range rows {
			ok := true
			for k, vs := range r.URL.Query() {
				if v, has := x[k]; has && strings.TrimSuffix(strings.TrimSuffix(vs[0], ".0"), "") != strings.TrimSuffix(jsonText(v), ".0") {
					ok = false
				}
			}
			if ok {
				out = append(out, x)
			}
		}
		json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	return srv, &log
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func runAll(t *testing.T, c *rest.Client, p *schema.Provider, sql string) [][]driver.Value {
	t.Helper()
	q, err := planner.Plan(p, sql, nil)
	require.NoError(t, err, sql)
	res, err := engine.Execute(context.Background(), c, q, engine.Options{})
	require.NoError(t, err, sql)
	var rows [][]driver.Value
	for {
		row, err := res.Next()
		if err == io.EOF {
			return rows
		}
		require.NoError(t, err, sql)
		rows = append(rows, row)
	}
}

func TestExampleProfileThroughTheEngine(t *testing.T) {
	srv, log := placeholder(t)
	p, err := providers.Resolve("../examples/jsonplaceholder.yaml")
	require.NoError(t, err)
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"BaseURL": srv.URL}})
	require.NoError(t, err)

	rows := runAll(t, c, p, "SELECT COUNT(*) FROM posts WHERE user_id = 3")
	assert.EqualValues(t, 10, rows[0][0])
	assert.Equal(t, []string{"/posts?userId=3"}, *log)

	*log = nil
	rows = runAll(t, c, p, "SELECT u.address_city, COUNT(*) FROM users u JOIN todos t ON t.user_id = u.id WHERE t.completed GROUP BY u.address_city ORDER BY 1 LIMIT 2")
	require.Len(t, rows, 2)
	assert.Equal(t, "Aliyaview", rows[0][0])

	*log = nil
	rows = runAll(t, c, p, "SELECT c.id FROM comments c WHERE c.post_id IN (7, 9)")
	assert.Len(t, rows, 10)

	// Without its list path, comments is read by fanning out over posts.
	tbl, _ := p.Table("comments")
	tbl.Paths = tbl.Paths[1:]
	*log = nil
	rows = runAll(t, c, p, "SELECT COUNT(*), MAX(post_id) FROM comments")
	assert.EqualValues(t, 500, rows[0][0])
	assert.EqualValues(t, 100, rows[0][1], "the key column comes from the path")
	assert.Len(t, *log, 101, "the posts, then one request per post")
	plan := runAll(t, c, p, "EXPLAIN SELECT * FROM comments")
	assert.Equal(t, "fan-out", strings.TrimSpace(plan[1][0].(string)))

	*log = nil
	rows = runAll(t, c, p, "SELECT id FROM comments WHERE post_id IN (3, 4, 3)")
	assert.Len(t, rows, 10)
	assert.Equal(t, []string{"/posts/3/comments", "/posts/4/comments"}, *log, "one request per distinct value")
}
