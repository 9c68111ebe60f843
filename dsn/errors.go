package dsn

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors. Every error returned by [Parse] and [ParseSettings] is an
// *[Error] whose Unwrap method returns exactly one of these, so callers can
// test the kind of failure with errors.Is.
var (
	// ErrSyntax reports a malformed connection string: a segment without
	// "=", an empty property name, an unterminated quoted value or text
	// after a closing quote.
	ErrSyntax = errors.New("dsn: syntax error")
	// ErrUnknownProperty reports a property name the parser does not know.
	ErrUnknownProperty = errors.New("dsn: unknown property")
	// ErrInvalidValue reports a value that is not valid for its property,
	// such as an unknown AuthScheme or a negative Timeout.
	ErrInvalidValue = errors.New("dsn: invalid value")
	// ErrDuplicate reports a property (or a ProfileSettings key) given more
	// than once; names are compared case-insensitively.
	ErrDuplicate = errors.New("dsn: duplicate property")
)

// Error describes why a connection string was rejected.
//
// The message never contains the value of a secret property
// (OAuthClientSecret, OAuthAccessToken, OAuthRefreshToken, Password, or a
// ProfileSettings value whose key is not known to be public; see
// [IsSecretSetting]).
type Error struct {
	// Property is the canonical name of the property concerned, or the
	// name as written for an unknown property. Errors inside
	// ProfileSettings are named "ProfileSettings.<Key>". It is empty when
	// no property is concerned (e.g. a segment without "=").
	Property string
	// Offset is the byte offset in the connection string where the
	// problem was found, or -1 if not applicable.
	Offset int
	// Msg is the human-readable description, without the "dsn: " prefix,
	// the property name (for ErrSyntax and ErrInvalidValue) or the offset.
	Msg string
	// Err is one of the sentinel errors ErrSyntax, ErrUnknownProperty,
	// ErrInvalidValue or ErrDuplicate.
	Err error
}

// Error formats the error as
//
//	dsn: [Property: ]Msg[ at offset N]
//
// The property prefix is written for ErrSyntax and ErrInvalidValue errors
// (the messages of the other kinds name the property themselves) and the
// offset suffix for ErrSyntax errors.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("dsn: ")
	if e.Property != "" && (e.Err == ErrSyntax || e.Err == ErrInvalidValue) {
		b.WriteString(e.Property)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err == ErrSyntax && e.Offset >= 0 {
		b.WriteString(" at offset ")
		b.WriteString(strconv.Itoa(e.Offset))
	}
	return b.String()
}

// Unwrap returns the sentinel error (ErrSyntax, ErrUnknownProperty,
// ErrInvalidValue or ErrDuplicate).
func (e *Error) Unwrap() error { return e.Err }

// maxEcho is the longest piece of user text (in bytes) echoed in a message.
const maxEcho = 40

// clip shortens s for inclusion in an error message, cutting at a rune
// boundary and marking the cut with "...".
func clip(s string) string {
	if len(s) <= maxEcho {
		return s
	}
	cut := maxEcho
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// levenshtein returns the edit distance between a and b, counted in runes.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// suggest returns the known property name closest to key (case-insensitive
// Levenshtein distance), or "" when none is within max(2, len(key)/3).
func suggest(key string) string {
	lk := asciiLower(key)
	n := utf8.RuneCountInString(lk)
	limit := max(2, n/3)
	best, bestDist := "", limit+1
	for i := range properties {
		name := properties[i].name
		// The distance is at least the difference in length; skip the
		// quadratic computation when that alone is too far.
		if d := n - len(name); d > limit || -d > limit {
			continue
		}
		if d := levenshtein(lk, asciiLower(name)); d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}
