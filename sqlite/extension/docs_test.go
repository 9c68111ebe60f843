package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A sample of docs/sqlite.md is a fenced block after a line
// "<!-- checked -->": either a sqlite3 session ("$ sqlite3 [file]", then
// "sqlite> " commands continued by "   ...> " lines, each followed by its
// output), or shell commands ("$ command", a heredoc "<<'EOF'" running to
// its EOF line, each followed by its output).
const checkedMark = "<!-- checked -->"

// sampleStep is a command of a sample and the output the page shows.
type sampleStep struct {
	cmd string
	out []string
}

// sample is one checked block.
type sample struct {
	line    int    // of the opening fence, for messages
	session bool   // a sqlite3 session
	db      string // the session's database file, ":memory:" by default
	steps   []sampleStep
}

// sessionOpen is a line that starts a sqlite3 session.
var sessionOpen = regexp.MustCompile(`^\$ sqlite3(?: (\S+))?$`)

// samples reads the checked blocks of a page.
func samples(t *testing.T, page string) []sample {
	t.Helper()
	lines := strings.Split(page, "\n")
	var out []sample
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != checkedMark {
			continue
		}
		require.Less(t, i+1, len(lines))
		require.True(t, strings.HasPrefix(lines[i+1], "```"), "line %d: %s is followed by a fenced block", i+1, checkedMark)
		s := sample{line: i + 2, db: ":memory:"}
		j := i + 2
		body := []string{}
		for ; j < len(lines) && !strings.HasPrefix(lines[j], "```"); j++ {
			body = append(body, lines[j])
		}
		require.Less(t, j, len(lines), "line %d: the block ends", s.line)
		i = j
		if len(body) > 0 {
			if m := sessionOpen.FindStringSubmatch(body[0]); m != nil {
				s.session = true
				if m[1] != "" {
					s.db = m[1]
				}
				body = body[1:]
			}
		}
		for k := 0; k < len(body); k++ {
			l := body[k]
			switch {
			case s.session && strings.HasPrefix(l, "sqlite> "):
				s.steps = append(s.steps, sampleStep{cmd: strings.TrimPrefix(l, "sqlite> ")})
			case s.session && strings.HasPrefix(l, "   ...> "):
				require.NotEmpty(t, s.steps, "line %d: a continuation follows a command", s.line+k)
				s.steps[len(s.steps)-1].cmd += "\n" + strings.TrimPrefix(l, "   ...> ")
			case !s.session && strings.HasPrefix(l, "$ "):
				cmd := strings.TrimPrefix(l, "$ ")
				if strings.Contains(cmd, "<<'EOF'") {
					for k++; k < len(body) && body[k] != "EOF"; k++ {
						cmd += "\n" + body[k]
					}
					cmd += "\nEOF"
				}
				s.steps = append(s.steps, sampleStep{cmd: cmd})
			default:
				require.NotEmpty(t, s.steps, "line %d: output follows a command", s.line+k)
				s.steps[len(s.steps)-1].out = append(s.steps[len(s.steps)-1].out, l)
			}
		}
		out = append(out, s)
	}
	return out
}

// nearLine is how the sqlite3 shell reading a script places an error;
// at its prompt, it writes "Runtime error: …".
var nearLine = regexp.MustCompile(`(?m)^(Parse error|Runtime error|Error) near line \d+:`)

// TestDocsSamplesAreReal runs the checked samples of docs/sqlite.md
// against the sandbox the page tells readers to start (Harvest, 200 time
// entries), in a directory where build/saasapi.so is the extension, with
// sqlite3, sqlite-utils and python3 (with pandas) on PATH, and compares
// every line of output.
func TestDocsSamplesAreReal(t *testing.T) {
	sqlite3 := tool(t, "sqlite3")
	py := python(t)
	su := sqliteUtils(t)
	if exec.Command(py, "-c", "import pandas").Run() != nil {
		skipBI(t, "pandas not found for %s: install it (Debian: apt-get install -y python3-pandas; .ci/run does)", py)
	}
	ext := buildExtension(t)
	page, err := os.ReadFile(filepath.Join("..", "..", "docs", "sqlite.md"))
	require.NoError(t, err)
	all := samples(t, string(page))
	require.Len(t, all, 5, "the checked samples of docs/sqlite.md")

	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	dir := t.TempDir()
	require.NoError(t, os.Symlink(filepath.Dir(ext), filepath.Join(dir, "build")))
	bin := t.TempDir()
	for name, path := range map[string]string{"sqlite3": sqlite3, "python3": py, "sqlite-utils": su} {
		require.NoError(t, os.Symlink(path, filepath.Join(bin, name)))
	}
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "SAASAPI_DSN="+srv.DSN())
	// Samples that read harvest.db may come before the one that makes it.
	out, errOut := shellOn(t, sqlite3, ext, filepath.Join(dir, "harvest.db"), []string{"SAASAPI_DSN=" + srv.DSN()},
		"SELECT saasapi_connect('env:SAASAPI_DSN', 'main');")
	require.Empty(t, errOut)
	require.NotEmpty(t, out)

	combined := func(cmd *exec.Cmd) string {
		var b bytes.Buffer
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, &b, &b
		_ = cmd.Run() // the output shows a failure
		return nearLine.ReplaceAllString(b.String(), "$1:")
	}
	for _, s := range all {
		require.NotEmpty(t, s.steps, "docs/sqlite.md line %d: a sample has commands", s.line)
		if s.session {
			var script, want strings.Builder
			for _, st := range s.steps {
				script.WriteString(st.cmd + "\n")
				for _, l := range st.out {
					want.WriteString(l + "\n")
				}
			}
			cmd := exec.Command(sqlite3, "-batch", s.db)
			cmd.Stdin = strings.NewReader(script.String())
			assert.Equal(t, want.String(), combined(cmd), "docs/sqlite.md line %d: the sqlite3 session", s.line)
			continue
		}
		for _, st := range s.steps {
			want := ""
			if len(st.out) > 0 {
				want = strings.Join(st.out, "\n") + "\n"
			}
			assert.Equal(t, want, combined(exec.Command("bash", "-c", st.cmd)), "docs/sqlite.md line %d: $ %s", s.line, st.cmd)
		}
	}
}
