//go:build linux

package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // to create the databases
)

// Required reports whether missing PostgreSQL binaries fail the tests
// instead of skipping them: SAASAPI_POSTGRES_TESTS=require, or CI=true.
func Required() bool {
	return os.Getenv("SAASAPI_POSTGRES_TESTS") == "require" || os.Getenv("CI") == "true"
}

// ErrNoBinaries is returned when no PostgreSQL server binaries are found.
var ErrNoBinaries = errors.New("pgtest: no PostgreSQL binaries (initdb, postgres): apt-get install postgresql, or set SAASAPI_POSTGRES_BIN")

// BinDir finds the directory of initdb and postgres: $SAASAPI_POSTGRES_BIN,
// the newest /usr/lib/postgresql/*/bin, or PATH.
func BinDir() (string, error) {
	if d := os.Getenv("SAASAPI_POSTGRES_BIN"); d != "" {
		if executable(filepath.Join(d, "initdb")) {
			return d, nil
		}
		return "", fmt.Errorf("pgtest: SAASAPI_POSTGRES_BIN=%s holds no initdb", d)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if executable(filepath.Join(d, "initdb")) && executable(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		d := filepath.Dir(p)
		if executable(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

// version reads the major version of /usr/lib/postgresql/<v>/bin.
func version(dir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return v
}

func executable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// Server is a running throwaway PostgreSQL server.
type Server struct {
	dir  string // holds data/ and the socket
	cmd  *exec.Cmd
	done chan error
	db   *sql.DB
	n    int
	mu   sync.Mutex
}

// role is the superuser initdb creates.
const role = "saasapi"

// Start runs initdb in a new temporary directory and starts the server
// on a unix socket there.
func Start() (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	// As root the server runs as another user, who must reach the
	// directory: under /tmp rather than a $TMPDIR that may be private. A
	// short path also keeps the socket's under the 107 bytes allowed.
	parent := ""
	if st, err := os.Stat("/tmp"); err == nil && st.IsDir() && (os.Geteuid() == 0 || len(os.TempDir()) > 60) {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "saasapi-pg-")
	if err != nil {
		return nil, err
	}
	cred, err := credential(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", role, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: initdb: %v\n%s", err, out)
	}
	s := &Server{dir: dir, done: make(chan error, 1)}
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", dir, "-p", "5432",
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
		"-c", "max_connections=200", "-c", "shared_buffers=32MB")
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true, Pdeathsig: syscall.SIGTERM}
	s.cmd.Dir = dir
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err == nil {
		s.cmd.Stdout, s.cmd.Stderr = logf, logf
		defer logf.Close()
	}
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: starting postgres: %w", err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	if s.db, err = sql.Open("pgx", s.URL("postgres")); err != nil {
		s.Stop()
		return nil, err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err = s.db.PingContext(ctx)
		cancel()
		if err == nil {
			return s, nil
		}
		select {
		case werr := <-s.done:
			log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: postgres exited: %v\n%s", werr, log)
		default:
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			s.Stop()
			return nil, fmt.Errorf("pgtest: postgres did not start: %v\n%s", err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// credential is who runs the server: nil (the current user) unless the
// tests run as root, which PostgreSQL refuses; then "postgres" or
// "nobody", owning dir.
func credential(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var u *user.User
	var err error
	for _, name := range []string{"postgres", "nobody"} {
		if u, err = user.Lookup(name); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("pgtest: running as root and no user postgres or nobody to run the server as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// URL is the connection URL of a database of the server.
func (s *Server) URL(db string) string {
	return "postgres://" + role + "@/" + db + "?host=" + s.dir + "&port=5432&sslmode=disable"
}

// CreateDatabase creates a new, empty database and returns its URL.
func (s *Server) CreateDatabase(prefix string) (string, error) {
	s.mu.Lock()
	s.n++
	name := fmt.Sprintf("%s_%d", sanitize(prefix), s.n)
	s.mu.Unlock()
	if _, err := s.db.Exec("CREATE DATABASE " + name); err != nil {
		return "", fmt.Errorf("pgtest: creating database %s: %w", name, err)
	}
	return s.URL(name), nil
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if len(out) > 40 {
		out = out[:40]
	}
	return "t_" + out
}

// Stop shuts the server down (fast shutdown) and removes its directory.
func (s *Server) Stop() error {
	if s.db != nil {
		s.db.Close()
	}
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-s.done
		}
	}
	return os.RemoveAll(s.dir)
}

// shared is the test binary's server, started on first use.
var shared struct {
	sync.Mutex
	srv *Server
	err error
	ran bool
}

// Database returns the URL of a new database on the test binary's
// server (started on first use) for t. It skips t when there are no
// PostgreSQL binaries, or fails it when they are Required.
func Database(t testing.TB) string {
	t.Helper()
	shared.Lock()
	if !shared.ran {
		shared.ran = true
		shared.srv, shared.err = Start()
	}
	srv, err := shared.srv, shared.err
	shared.Unlock()
	if errors.Is(err, ErrNoBinaries) && !Required() {
		t.Skip(err.Error())
	}
	if err != nil {
		t.Fatalf("%v (SAASAPI_POSTGRES_TESTS=require or CI=true: PostgreSQL must run)", err)
	}
	u, err := srv.CreateDatabase(t.Name())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Run runs the tests of m and stops the shared server: call it from
// TestMain, os.Exit(pgtest.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	shared.Lock()
	if shared.srv != nil {
		shared.srv.Stop()
		shared.srv = nil
	}
	shared.Unlock()
	return code
}
