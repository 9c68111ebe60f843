package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/saasapi/saasapi/sandbox"
)

// The harness runs the sandbox and the memory-measured scans in child
// processes of its own binary, so that the CPU time and memory it measures
// are the client's alone.

// served is what a sandbox child reports when it listens.
type served struct {
	DSN     string `json:"dsn"`
	URL     string `json:"url"`
	Token   string `json:"token"`
	Account string `json:"account"`
}

// serveChild runs "saasapi-bench serve": a sandbox on loopback. It prints
// a served line, then answers commands read from stdin, one a line:
// "stats" (prints "requests N limited M") and "reset"; it ends at EOF.
func serveChild(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	rows := fs.Int("rows", 500, "time entries")
	latency := fs.Duration("latency", 0, "latency per request")
	limit := fs.String("rate-limit", "off", "rate limit N/DURATION")
	warm := fs.Bool("warm", false, "encode the records before listening")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rl, err := sandbox.ParseRateLimit(*limit)
	if err != nil {
		return err
	}
	srv, err := sandbox.Start(sandbox.Options{Rows: *rows, Latency: *latency, RateLimit: rl})
	if err != nil {
		return err
	}
	defer srv.Close()
	if *warm {
		srv.Warm()
	}
	o := srv.Options()
	line, _ := json.Marshal(served{DSN: srv.DSN(), URL: srv.URL(), Token: o.Token, Account: o.AccountID})
	fmt.Fprintf(stdout, "%s\n", line)
	in := bufio.NewScanner(stdin)
	for in.Scan() {
		switch strings.TrimSpace(in.Text()) {
		case "stats":
			fmt.Fprintf(stdout, "requests %d limited %d\n", srv.Requests(), srv.RateLimited())
		case "reset":
			srv.ResetRequests()
			fmt.Fprintln(stdout, "ok")
		}
	}
	return in.Err()
}

// server is a running sandbox child.
type server struct {
	served
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

// startServer starts a sandbox child and waits until it listens (a
// million rows take a while to generate). A warm sandbox has encoded its
// records before, so that the server's work during a measured scan is the
// same for the first scan as for the next.
func startServer(rows int, latency time.Duration, limit string, warm bool) (*server, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "serve", "-rows", fmt.Sprint(rows), "-latency", latency.String(), "-rate-limit", limit,
		"-warm="+fmt.Sprint(warm))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, in: in, out: bufio.NewReader(outPipe)}
	line, err := s.out.ReadString('\n')
	if err != nil {
		s.close()
		return nil, fmt.Errorf("sandbox child: %w", err)
	}
	if err := json.Unmarshal([]byte(line), &s.served); err != nil {
		s.close()
		return nil, fmt.Errorf("sandbox child said %q: %w", line, err)
	}
	return s, nil
}

// stats returns the requests the sandbox answered and the 429s it sent.
func (s *server) stats() (requests, limited int64, err error) {
	if _, err := fmt.Fprintln(s.in, "stats"); err != nil {
		return 0, 0, err
	}
	line, err := s.out.ReadString('\n')
	if err != nil {
		return 0, 0, err
	}
	_, err = fmt.Sscanf(line, "requests %d limited %d", &requests, &limited)
	return requests, limited, err
}

// reset zeroes the sandbox's counters.
func (s *server) reset() error {
	if _, err := fmt.Fprintln(s.in, "reset"); err != nil {
		return err
	}
	_, err := s.out.ReadString('\n')
	return err
}

func (s *server) close() {
	s.in.Close()
	if err := s.cmd.Wait(); err != nil {
		fmt.Fprintf(os.Stderr, "saasapi-bench: sandbox child: %v\n", err)
	}
}

// scanned is what a scan child reports.
type scanned struct {
	Rows  int     `json:"rows"`
	HWMKB int64   `json:"hwm_kb"`
	CPU   float64 `json:"cpu_s"`
	Wall  float64 `json:"wall_s"`
}

// scanChild runs "saasapi-bench scan -dsn DSN": SELECT * FROM time_entries
// through database/sql, every column scanned and dropped, and prints a
// scanned line with the process's peak resident memory.
func scanChild(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	dsn := fs.String("dsn", "", "connection string")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sql.Open("saasapi", *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	cpu0 := cpuTime()
	begin := time.Now()
	res, err := scanAll(context.Background(), db, "SELECT * FROM time_entries")
	if err != nil {
		return err
	}
	hwm, err := peakRSS()
	if err != nil {
		return err
	}
	line, _ := json.Marshal(scanned{Rows: res.rows, HWMKB: hwm, CPU: (cpuTime() - cpu0).Seconds(), Wall: time.Since(begin).Seconds()})
	fmt.Fprintf(stdout, "%s\n", line)
	return nil
}

// scanInChild runs a scan child against dsn and returns its report.
func scanInChild(dsn string) (scanned, error) {
	exe, err := os.Executable()
	if err != nil {
		return scanned{}, err
	}
	cmd := exec.Command(exe, "scan", "-dsn", dsn)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return scanned{}, fmt.Errorf("scan child: %w", err)
	}
	var s scanned
	if err := json.Unmarshal(out, &s); err != nil {
		return scanned{}, fmt.Errorf("scan child said %q: %w", out, err)
	}
	return s, nil
}

// peakRSS is the process's peak resident set, in KB: VmHWM of
// /proc/self/status, or getrusage's maxrss where there is no /proc.
func peakRSS() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				var kb int64
				if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb); err == nil {
					return kb, nil
				}
			}
		}
	}
	if kb := maxRSS(); kb > 0 {
		return kb, nil
	}
	return 0, errors.New("peak RSS: neither /proc/self/status nor getrusage on this system")
}
