package saasapi

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/schema"
)

var (
	errUnknownSetting = errors.New("unknown ProfileSettings key")
	errMissingSetting = errors.New("missing ProfileSettings key")
)

// baseURLSetting overrides any provider's base URL.
const baseURLSetting = "BaseURL"

// settings checks ProfileSettings against the keys the provider declares
// and returns the values by their declared names.
//
// A value of the wrong form (schema.Provider.CheckSetting) is an error
// at once when the setting is part of a URL (Aha!'s Domain): requests
// must never be addressed with it. A setting only sent in a header
// (Harvest's AccountId) is returned as deferred instead: the connection
// string opens, as the documentation's examples with placeholders must,
// and the connector refuses every request with that error.
func settings(ps dsn.Settings, p *schema.Provider) (vals map[string]string, deferred, err error) {
	out := map[string]string{}
	var names []string
	for _, s := range p.Settings {
		names = append(names, s.Name)
	}
	for _, kv := range ps {
		s, ok := p.Setting(kv.Key)
		if !ok {
			if strings.EqualFold(kv.Key, baseURLSetting) {
				out[baseURLSetting] = kv.Value
				continue
			}
			msg := fmt.Sprintf("ProfileSettings: unknown key %q for profile %s", kv.Key, p.Name)
			if sug := schema.Suggest(kv.Key, names); sug != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", sug)
			} else {
				msg += fmt.Sprintf("; the keys are %s", strings.Join(names, ", "))
			}
			return nil, nil, &settingError{msg: msg, kind: errUnknownSetting}
		}
		if err := p.CheckSetting(s.Name, kv.Value); err != nil {
			shown := strconv.Quote(kv.Value)
			if s.Secret {
				shown = dsn.Redacted
			}
			msg := fmt.Sprintf("ProfileSettings: %s %s %v; write ProfileSettings='%s=…'", s.Name, shown, err, s.Name)
			if s.Doc != "" {
				msg += " (" + strings.TrimSuffix(s.Doc, ".") + ")"
			}
			e := &settingError{msg: msg, kind: dsn.ErrInvalidValue}
			if p.SettingInURL(s.Name) {
				return nil, nil, e
			}
			if deferred == nil {
				deferred = e
			}
		}
		out[s.Name] = kv.Value
	}
	return out, deferred, nil
}

// requireSettings checks that the settings the provider's requests need
// (those named in its base URL and headers, and its token setting under
// the APIKEY scheme) are present, naming every missing one.
func requireSettings(p *schema.Provider, values map[string]string, scheme dsn.AuthScheme) error {
	var missing []string
	need := func(name string) {
		if values[name] == "" && !slices.Contains(missing, name) {
			missing = append(missing, name)
		}
	}
	if scheme == dsn.AuthAPIKey && p.Auth.TokenSetting != "" {
		need(p.Auth.TokenSetting)
	}
	for _, v := range p.Headers {
		for _, name := range placeholders(v) {
			need(name)
		}
	}
	if values[baseURLSetting] == "" {
		for _, name := range placeholders(p.BaseURL) {
			need(name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var parts []string
	for _, name := range missing {
		part := name
		if s, ok := p.Setting(name); ok && s.Doc != "" {
			part += " (" + strings.TrimSuffix(s.Doc, ".") + ")"
		}
		parts = append(parts, part)
	}
	return &settingError{kind: errMissingSetting, msg: fmt.Sprintf("ProfileSettings is missing %s; write ProfileSettings='%s=…'",
		strings.Join(parts, " and "), strings.Join(missing, "=…;"))}
}

func placeholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, s[i+1:i+j])
		s = s[i+j+1:]
	}
}

// settingError is a problem with ProfileSettings; it matches its sentinel
// with errors.Is.
type settingError struct {
	msg  string
	kind error
}

func (e *settingError) Error() string { return e.msg }
func (e *settingError) Unwrap() error { return e.kind }
