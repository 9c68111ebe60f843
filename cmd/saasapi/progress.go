package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/saasapi/saasapi"
)

// A query that runs longer than progressDelay shows its progress on
// stderr, redrawn every progressEvery, when stderr is a terminal.
var (
	progressDelay = time.Second
	progressEvery = 200 * time.Millisecond
	// terminal reports whether w is a terminal; tests replace it.
	terminal = isTerminal
)

// progress draws a query's progress on one line of a terminal: rows read
// from the API, requests, pages left where known, rate-limit waits, time.
type progress struct {
	w        io.Writer
	snapshot func() saasapi.Progress
	start    time.Time

	mu    sync.Mutex
	shown bool // the line is on the terminal
	stop  chan struct{}
	done  chan struct{}
}

// startProgress returns ctx counting the query's progress and the display
// of it; with stderr not a terminal, ctx unchanged and a nil display
// (whose methods do nothing).
func startProgress(ctx context.Context, stderr io.Writer) (context.Context, *progress) {
	if !terminal(stderr) {
		return ctx, nil
	}
	ctx, snap := saasapi.WithProgress(ctx)
	p := &progress{w: stderr, snapshot: snap, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{})}
	go p.run()
	return ctx, p
}

func (p *progress) run() {
	defer close(p.done)
	delay := time.NewTimer(progressDelay)
	defer delay.Stop()
	select {
	case <-p.stop:
		return
	case <-delay.C:
	}
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		p.draw()
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
	}
}

func (p *progress) draw() {
	line := progressText(p.snapshot(), time.Since(p.start))
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\033[K"+line)
	p.shown = true
}

// clear removes the line; the caller holds mu.
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// end stops the display and removes its line.
func (p *progress) end() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

// output wraps stdout so that rows written to the same terminal never land
// after the progress line: it is removed first, and redrawn at the next
// tick.
func (p *progress) output(stdout io.Writer) io.Writer {
	if p == nil || !terminal(stdout) {
		return stdout
	}
	return writerFunc(func(b []byte) (int, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.clear()
		return stdout.Write(b)
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// progressText is the progress line: "saasapi: 12,000 rows read, 7
// requests, 13 pages left, 2 rate-limit waits (1.4 s), 3.2 s".
func progressText(s saasapi.Progress, elapsed time.Duration) string {
	parts := []string{grouped(s.Rows) + " rows read", plural(s.Requests, "request")}
	if s.PagesKnown {
		parts = append(parts, grouped(s.PagesLeft)+" pages left")
	}
	if s.RateLimitWaits > 0 {
		parts = append(parts, fmt.Sprintf("%s (%.1f s)", plural(s.RateLimitWaits, "rate-limit wait"), s.RateLimitWaited.Seconds()))
	}
	parts = append(parts, fmt.Sprintf("%.1f s", elapsed.Seconds()))
	return "saasapi: " + strings.Join(parts, ", ")
}

func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return grouped(n) + " " + noun + "s"
}

// grouped writes n with thousands separators: 12,345.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
