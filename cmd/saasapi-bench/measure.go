package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"time"

	"github.com/saasapi/saasapi/sandbox"
)

// scanResult is one query read to its end.
type scanResult struct {
	rows     int
	firstRow time.Duration // from the call of Query to the first row
	wall     time.Duration
}

// scanAll runs query and scans every column of every row into a reused
// []any, as a program that reads a whole table does.
func scanAll(ctx context.Context, db *sql.DB, query string) (scanResult, error) {
	var res scanResult
	begin := time.Now()
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return res, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if res.rows == 0 {
			res.firstRow = time.Since(begin)
		}
		if err := rows.Scan(ptrs...); err != nil {
			return res, err
		}
		res.rows++
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	res.wall = time.Since(begin)
	return res, nil
}

// harvestPage is a Harvest time_entries page decoded into structs: what a
// hand-written client would declare (the sandbox's own record type).
type harvestPage struct {
	TimeEntries []sandbox.TimeEntry `json:"time_entries"`
	Links       struct {
		Next *string `json:"next"`
	} `json:"links"`
}

// stdlibScan is the simplest program a user could write instead: one
// request after another with net/http, each page decoded with
// encoding/json, following links.next. It returns the pages' bodies too.
func stdlibScan(s served, perPage int) (pages [][]byte, rows int, wall time.Duration, err error) {
	begin := time.Now()
	next := fmt.Sprintf("%s/time_entries?per_page=%d", s.URL, perPage)
	for next != "" {
		req, err := http.NewRequest(http.MethodGet, next, nil)
		if err != nil {
			return nil, 0, 0, err
		}
		req.Header.Set("Authorization", "Bearer "+s.Token)
		req.Header.Set("Harvest-Account-Id", s.Account)
		req.Header.Set("User-Agent", "saasapi-bench stdlib client")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, 0, 0, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, 0, 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, 0, 0, fmt.Errorf("stdlib client: %s: %s", resp.Status, body)
		}
		var page harvestPage
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, 0, 0, err
		}
		rows += len(page.TimeEntries)
		pages = append(pages, body)
		next = ""
		if page.Links.Next != nil {
			next = *page.Links.Next
		}
	}
	return pages, rows, time.Since(begin), nil
}

// decodeCPU is the CPU time encoding/json takes to decode pages into
// structs, one after the other, garbage collection included: the best of
// tries.
func decodeCPU(pages [][]byte, tries int) (time.Duration, error) {
	best := time.Duration(1<<63 - 1)
	for range tries {
		runtime.GC()
		begin := cpuTime()
		for _, body := range pages {
			var page harvestPage
			if err := json.Unmarshal(body, &page); err != nil {
				return 0, err
			}
		}
		runtime.GC()
		best = min(best, cpuTime()-begin)
	}
	return best, nil
}

// scanCPU is the CPU time of the process while db scans query to its end:
// the best of tries, with the rows of the last.
func scanCPU(db *sql.DB, query string, tries int) (time.Duration, int, error) {
	best, rows := time.Duration(1<<63-1), 0
	for range tries {
		runtime.GC()
		begin := cpuTime()
		res, err := scanAll(context.Background(), db, query)
		if err != nil {
			return 0, 0, err
		}
		runtime.GC()
		best, rows = min(best, cpuTime()-begin), res.rows
	}
	return best, rows, nil
}
