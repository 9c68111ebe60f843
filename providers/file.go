package providers

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/saasapi/saasapi/schema"
	"go.yaml.in/yaml/v3"
)

// ErrBadProfile is wrapped by errors in a profile file.
var ErrBadProfile = errors.New("invalid profile")

// maxProfileSize bounds a profile file.
const maxProfileSize = 4 << 20

// LoadFile reads a profile for any JSON REST API from a YAML or JSON file
// (JSON is YAML), in the schema the built-in profiles use, and validates
// it. Errors name the file and the line: unknown keys, wrong types, and
// every problem Validate finds, placed at the table or column at fault.
func LoadFile(path string) (*schema.Provider, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: Profile %q: %v", ErrBadProfile, path, err)
	}
	if len(data) > maxProfileSize {
		return nil, fmt.Errorf("%w: %s: larger than %d bytes", ErrBadProfile, path, maxProfileSize)
	}
	return parseProfile(filepath.Base(path), data)
}

var (
	yamlLine = regexp.MustCompile(`line (\d+)`)
	quoted   = regexp.MustCompile(`"([^"]+)"`)
	tableRef = regexp.MustCompile(`table (\S+?):`)
)

// findValue returns the line of the first scalar whose value is v, or 0.
func findValue(n *yaml.Node, v string) int {
	if n.Kind == yaml.ScalarNode && n.Value == v {
		return n.Line
	}
	for _, c := range n.Content {
		if l := findValue(c, v); l > 0 {
			return l
		}
	}
	return 0
}

// parseProfile decodes and validates a profile; name labels errors.
func parseProfile(name string, data []byte) (*schema.Provider, error) {
	var p schema.Provider
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			msg = strings.Replace(yamlLine.ReplaceAllString(msg, ""), "  ", " ", -1)
			return nil, fmt.Errorf("%w: %s:%s: %s", ErrBadProfile, name, m[1], strings.TrimLeft(strings.TrimSpace(msg), ": "))
		}
		// A value's own unmarshaler (a type name) reports no line: find
		// the quoted value in the document.
		if m := quoted.FindStringSubmatch(msg); m != nil {
			var root yaml.Node
			if yaml.Unmarshal(data, &root) == nil {
				if line := findValue(&root, m[1]); line > 0 {
					return nil, fmt.Errorf("%w: %s:%d: %s", ErrBadProfile, name, line, msg)
				}
			}
		}
		return nil, fmt.Errorf("%w: %s: %s", ErrBadProfile, name, msg)
	}
	if err := p.Validate(); err != nil {
		var root yaml.Node
		_ = yaml.Unmarshal(data, &root)
		lines := tableLines(&root)
		var out []string
		for _, e := range splitJoined(err) {
			line := 1
			if m := tableRef.FindStringSubmatch(e); m != nil {
				if l, ok := lines[m[1]]; ok {
					line = l
				}
			}
			out = append(out, fmt.Sprintf("%s:%d: %s", name, line, e))
		}
		return nil, fmt.Errorf("%w: %s", ErrBadProfile, strings.Join(out, "\n"))
	}
	return &p, nil
}

// splitJoined returns the messages of an errors.Join.
func splitJoined(err error) []string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

// tableLines maps each table's name to the line where it is declared.
func tableLines(root *yaml.Node) map[string]int {
	out := map[string]int{}
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "tables" || doc.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, t := range doc.Content[i+1].Content {
			for k := 0; k+1 < len(t.Content); k += 2 {
				if t.Content[k].Value == "name" {
					out[t.Content[k+1].Value] = t.Line
				}
			}
		}
	}
	return out
}
