package dsn

import (
	"errors"
	"strings"
)

// Setting is one Key=Value pair of [Settings].
type Setting struct {
	Key   string
	Value string
}

// String returns "Key=Value" with the value redacted when the key is secret
// (see [IsSecretSetting]).
func (s Setting) String() string {
	return s.Key + "=" + quoteValue(redactSetting(s.Key, s.Value, true))
}

// GoString returns the same text as String, so that %#v does not leak a
// secret value.
func (s Setting) GoString() string { return s.String() }

// Settings holds the ProfileSettings pairs in the order they were given.
// Keys are free-form (the provider validates them), unique and compared
// ASCII case-insensitively. The zero value (nil) is an empty set, and
// [ParseSettings] returns nil when there are no pairs.
//
// A key must be non-empty, must not contain '=' or ';' and must not begin
// or end with white space, otherwise FormatDSN writes text that does not
// parse back.
type Settings []Setting

// ParseSettings parses a ProfileSettings value such as
// "APIKey=abc;AccountId=123" with the same grammar as [Parse]. Keys are
// kept as written (trimmed) and in order; a key given twice is an
// [ErrDuplicate] error. Error offsets are relative to s.
func ParseSettings(s string) (Settings, error) {
	return parseSettings(s, "")
}

// parseSettings parses s; prefix is prepended to the key in error
// Property fields and messages ("ProfileSettings." when nested).
func parseSettings(s, prefix string) (Settings, error) {
	var out Settings
	err := scan(s, prefix, func(key string) string { return prefix + key }, IsSecretSetting,
		func(seg *segment) error {
			if first, i := out.index(seg.key); i >= 0 {
				name := prefix + first.Key
				return &Error{Property: name, Offset: seg.keyOff, Err: ErrDuplicate,
					Msg: "property " + quoteName(name) + " given twice"}
			}
			out = append(out, Setting{Key: seg.key, Value: seg.val})
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s Settings) index(key string) (Setting, int) {
	for i, kv := range s {
		if asciiEqualFold(kv.Key, key) {
			return kv, i
		}
	}
	return Setting{}, -1
}

// Get returns the value of key (ASCII case-insensitive) and whether it is
// present.
func (s Settings) Get(key string) (string, bool) {
	kv, i := s.index(key)
	return kv.Value, i >= 0
}

// Value returns the value of key (ASCII case-insensitive), or "" when it is
// absent.
func (s Settings) Value(key string) string {
	v, _ := s.Get(key)
	return v
}

// Has reports whether key (ASCII case-insensitive) is present.
func (s Settings) Has(key string) bool {
	_, i := s.index(key)
	return i >= 0
}

// Set sets the value of key. An existing key (compared ASCII
// case-insensitively) keeps its position and spelling; a new key is
// appended.
func (s *Settings) Set(key, value string) {
	if _, i := s.index(key); i >= 0 {
		(*s)[i].Value = value
		return
	}
	*s = append(*s, Setting{Key: key, Value: value})
}

// Delete removes key (ASCII case-insensitive) and reports whether it was
// present. Deleting the last key leaves s nil.
func (s *Settings) Delete(key string) bool {
	_, i := s.index(key)
	if i < 0 {
		return false
	}
	*s = append((*s)[:i:i], (*s)[i+1:]...)
	if len(*s) == 0 {
		*s = nil
	}
	return true
}

// Keys returns the keys in order, as written.
func (s Settings) Keys() []string {
	if len(s) == 0 {
		return nil
	}
	keys := make([]string, len(s))
	for i, kv := range s {
		keys[i] = kv.Key
	}
	return keys
}

// Len returns the number of pairs.
func (s Settings) Len() int { return len(s) }

// Clone returns a copy of s that shares no memory with it (nil stays nil).
func (s Settings) Clone() Settings {
	if len(s) == 0 {
		return nil
	}
	return append(Settings(nil), s...)
}

// FormatDSN returns the settings as a connection string, unredacted, in
// order, with values quoted only when needed. [ParseSettings] reads it
// back to an equal value.
func (s Settings) FormatDSN() string { return s.format(false) }

// String returns the settings like FormatDSN but with the value of every
// secret key (see [IsSecretSetting]) replaced by [Redacted].
func (s Settings) String() string { return s.format(true) }

// GoString returns the same text as String, so that %#v does not leak a
// secret value.
func (s Settings) GoString() string { return s.String() }

func (s Settings) format(redact bool) string {
	var b strings.Builder
	for i, kv := range s {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(kv.Key)
		b.WriteByte('=')
		b.WriteString(quoteValue(redactSetting(kv.Key, kv.Value, redact)))
	}
	return b.String()
}

func redactSetting(key, value string, redact bool) string {
	if redact && value != "" && IsSecretSetting(key) {
		return Redacted
	}
	if redact && strings.Contains(value, "://") {
		return RedactURL(value) // BaseURL=https://user:pw@…
	}
	return value
}

// remapNested converts an error from parsing a nested ProfileSettings value
// so that its offset refers to the outer connection string.
func remapNested(err error, seg *segment) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	if out.Offset >= 0 {
		out.Offset = seg.outerOffset(out.Offset)
	}
	return &out
}
