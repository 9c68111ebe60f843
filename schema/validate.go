package schema

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

var (
	namePattern        = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	placeholderPattern = regexp.MustCompile(`\{([^{}]*)\}`)
)

// Validate checks the provider for mistakes a profile author can make:
// duplicate or malformed names, access paths whose keys or filters name
// unknown columns, placeholders without keys, impossible paging. It returns
// every problem found, joined, each naming the table and column at fault.
func (p *Provider) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("profile %s: "+format, append([]any{p.Name}, args...)...))
	}
	if !namePattern.MatchString(p.Name) {
		bad("name %q must be lower-case letters, digits and '_'", p.Name)
	}
	if p.BaseURL == "" {
		bad("base_url is empty")
	} else if u, err := url.Parse(placeholderPattern.ReplaceAllString(p.BaseURL, "x")); err != nil || u.Host == "" {
		bad("base_url %q is not an absolute URL", p.BaseURL)
	}
	for _, m := range placeholderPattern.FindAllStringSubmatch(p.BaseURL+strings.Join(mapValues(p.Headers), ""), -1) {
		if _, ok := p.Setting(m[1]); !ok {
			bad("placeholder {%s} names no setting", m[1])
		}
	}
	for _, s := range p.Settings {
		if !s.Pattern.known() {
			bad("setting %s: pattern %q is not one of %q, %q", s.Name, s.Pattern, PatternDigits, PatternDNSLabel)
		}
	}
	if len(p.Auth.Schemes) == 0 {
		bad("auth.schemes is empty")
	}
	if err := p.Paging.validate(); err != nil {
		bad("paging: %v", err)
	}
	if len(p.Tables) == 0 {
		bad("no tables")
	}
	tables := map[string]bool{}
	for _, t := range p.Tables {
		if !namePattern.MatchString(t.Name) {
			bad("table %q: name must be lower-case letters, digits and '_'", t.Name)
		}
		if tables[t.Name] {
			bad("table %q declared twice", t.Name)
		}
		tables[t.Name] = true
		errs = append(errs, t.validate(p)...)
	}
	return errors.Join(errs...)
}

func (t *Table) validate(p *Provider) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("profile %s: table %s: "+format, append([]any{p.Name, t.Name}, args...)...))
	}
	if len(t.Columns) == 0 {
		bad("no columns")
	}
	cols := map[string]bool{}
	for _, c := range t.Columns {
		if !namePattern.MatchString(c.Name) {
			bad("column %q: name must be lower-case letters, digits and '_'", c.Name)
		}
		if cols[c.Name] {
			bad("column %q declared twice", c.Name)
		}
		cols[c.Name] = true
		if c.Type < TypeText || c.Type > TypeJSON {
			bad("column %s: unknown type %d", c.Name, c.Type)
		}
	}
	if len(t.Paths) == 0 {
		bad("no access paths")
	}
	for _, a := range t.Paths {
		if !strings.HasPrefix(a.Path, "/") {
			bad("path %s: %q must start with '/'", a.Name, a.Path)
		}
		holes := map[string]bool{}
		for _, m := range placeholderPattern.FindAllStringSubmatch(a.Path, -1) {
			holes[m[1]] = true
		}
		for _, k := range a.Keys {
			if !cols[k] {
				bad("path %s: key %q is not a column", a.Name, k)
			}
			if !holes[k] {
				bad("path %s: key %q has no {%s} in %q", a.Name, k, k, a.Path)
			}
			delete(holes, k)
		}
		for h := range holes {
			bad("path %s: placeholder {%s} is not a key", a.Name, h)
		}
		for _, f := range a.Filters {
			if !cols[f.Column] {
				bad("path %s: filter on unknown column %q", a.Name, f.Column)
			}
			if f.Param == "" {
				bad("path %s: filter on %s has no param", a.Name, f.Column)
			}
			if len(f.Ops) == 0 {
				bad("path %s: filter on %s has no ops", a.Name, f.Column)
			}
		}
		if a.Paging != nil {
			if err := a.Paging.validate(); err != nil {
				bad("path %s: paging: %v", a.Name, err)
			}
		}
		if a.Single() && (a.Fields != "" || a.Window != nil) {
			bad("path %s: a single-object path takes no fields or window", a.Name)
		}
		if a.Window != nil && !cols[a.Window.Column] {
			bad("path %s: window on unknown column %q", a.Name, a.Window.Column)
		}
		for k, ref := range a.Parents {
			if !slices.Contains(a.Keys, k) {
				bad("path %s: parent of %q, which is not a key", a.Name, k)
			}
			tbl, col, ok := strings.Cut(ref, ".")
			if !ok {
				bad("path %s: parent %q must be table.column", a.Name, ref)
				continue
			}
			pt, found := p.Table(tbl)
			if !found {
				bad("path %s: parent table %q does not exist", a.Name, tbl)
			} else if pt.Column(col) < 0 {
				bad("path %s: parent column %q does not exist in %s", a.Name, col, tbl)
			}
		}
	}
	return errs
}

func (g *Paging) validate() error {
	switch g.Style {
	case PagingNone:
	case PagingNextLink:
		if g.NextPath == "" {
			return errors.New("next_link paging needs next_path")
		}
	case PagingPageNumber:
		if g.PageParam == "" {
			return errors.New("page_number paging needs page_param")
		}
	default:
		return fmt.Errorf("unknown style %q (allowed: none, next_link, page_number)", g.Style)
	}
	if g.MaxPageSize < 0 {
		return errors.New("max_page_size is negative")
	}
	return nil
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
