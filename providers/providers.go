package providers

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/saasapi/saasapi/providers/aha"
	"github.com/saasapi/saasapi/providers/aircall"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/schema"
)

// builtins maps each built-in profile name to its constructor.
var builtins = map[string]func() *schema.Provider{
	"aha":     aha.Provider,
	"aircall": aircall.Provider,
	"harvest": harvest.Provider,
}

// ErrUnknownProfile is returned (wrapped) when Profile names no built-in
// provider and no profile file.
var ErrUnknownProfile = errors.New("unknown profile")

// Names returns the names of the built-in profiles, sorted.
func Names() []string {
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Resolve returns the provider a Profile property names. It accepts a
// built-in name in any case ("harvest", "Harvest"), CData-style paths
// whose base name is a built-in ("C:\profiles\Harvest.apip") when no such
// file exists, and the path of a .yaml, .yml or .json profile file (see
// LoadFile). The returned provider is a fresh copy.
func Resolve(profile string) (*schema.Provider, error) {
	profile = strings.TrimSpace(profile)
	if profile == "" {
		return nil, fmt.Errorf("%w: Profile is empty; set Profile to one of %s", ErrUnknownProfile, strings.Join(Names(), ", "))
	}
	name := strings.ToLower(profile)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	ext := filepath.Ext(name)
	name = strings.TrimSuffix(name, ext)
	if ctor, ok := builtins[name]; ok {
		if ext == "" || strings.EqualFold(ext, ".apip") || !fileExists(profile) {
			return ctor(), nil
		}
	}
	switch strings.ToLower(ext) {
	case ".yaml", ".yml", ".json":
		return LoadFile(profile)
	}
	hint := ""
	if s := schema.Suggest(name, Names()); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	return nil, fmt.Errorf("%w: Profile %q%s; the built-in profiles are %s",
		ErrUnknownProfile, profile, hint, strings.Join(Names(), ", "))
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
