package cache

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL store, pure Go
)

// openPostgres connects to the PostgreSQL database of a URL; the
// account's replicas live in the schema ns.
func openPostgres(ctx context.Context, location, ns string) (*Store, error) {
	where := describePostgres(location) + " schema " + ns
	db, err := sql.Open("pgx", strings.TrimSpace(location))
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", where, redactErr(err, location))
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cache %s: %w", where, redactErr(err, location))
	}
	return &Store{db: db, d: postgresDialect{}, ns: ns, where: where}, nil
}

// describePostgres names a PostgreSQL URL without its credentials:
// "postgres://host:port/dbname".
func describePostgres(location string) string {
	u, err := url.Parse(strings.TrimSpace(location))
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	host := u.Host
	if host == "" {
		host = u.Query().Get("host")
	}
	return "postgres://" + host + u.Path
}

// redactErr keeps a connection error from echoing the URL's password.
func redactErr(err error, location string) error {
	u, perr := url.Parse(strings.TrimSpace(location))
	if perr != nil {
		return fmt.Errorf("%s", "cannot connect (the URL does not parse)")
	}
	msg := err.Error()
	if pw, ok := u.User.Password(); ok && pw != "" {
		msg = strings.ReplaceAll(msg, pw, "REDACTED")
	}
	if pw := u.Query().Get("password"); pw != "" {
		msg = strings.ReplaceAll(msg, pw, "REDACTED")
	}
	return fmt.Errorf("%s", msg)
}
