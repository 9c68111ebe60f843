package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/schema"
)

// HarvestAccountsURL lists the accounts a Harvest token reaches.
const HarvestAccountsURL = "https://id.getharvest.com/api/v2/accounts"

// harvestAccountHeader selects the Harvest account of a request.
const harvestAccountHeader = "Harvest-Account-Id"

// Account is one account a Harvest token reaches.
type Account struct {
	// ID is the value of ProfileSettings AccountId and of the
	// Harvest-Account-Id header.
	ID int64 `json:"id"`
	// Name is the company name.
	Name string `json:"name"`
	// Product is "harvest" or "forecast".
	Product string `json:"product"`
}

// HarvestAccounts lists the accounts the credentials of hc reach, with
// GET accountsURL (HarvestAccountsURL when empty). hc's transport must add
// the credentials, as the one [New] returns does.
func HarvestAccounts(ctx context.Context, hc *http.Client, accountsURL string, opts ...Option) ([]Account, error) {
	o := newOptions(opts)
	if accountsURL == "" {
		accountsURL = HarvestAccountsURL
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, accountsURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: account lookup %s: %v", ErrAccount, shownURL(accountsURL), err)
	}
	req.Header.Set("User-Agent", o.userAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%w: account lookup GET %s: %w; set ProfileSettings='AccountId=…' to skip the lookup", ErrAccount, shownURL(accountsURL), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%w: account lookup GET %s: %v", ErrAccount, shownURL(accountsURL), err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: account lookup GET %s answered HTTP %d %s; set ProfileSettings='AccountId=…' (the account ID shown at id.getharvest.com)",
			ErrAccount, shownURL(accountsURL), resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	var page struct {
		Accounts []Account `json:"accounts"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, fmt.Errorf("%w: account lookup GET %s: the answer is not the expected JSON; set ProfileSettings='AccountId=…'", ErrAccount, shownURL(accountsURL))
	}
	return page.Accounts, nil
}

// HarvestAccountID returns the ID of the only Harvest account (product
// "harvest") the credentials of hc reach. With none, or several, the
// error wraps ErrAccount and lists them, so the user can set
// ProfileSettings AccountId.
func HarvestAccountID(ctx context.Context, hc *http.Client, accountsURL string, opts ...Option) (string, error) {
	all, err := HarvestAccounts(ctx, hc, accountsURL, opts...)
	if err != nil {
		return "", err
	}
	var harvest []Account
	for _, a := range all {
		if a.Product == "" || strings.EqualFold(a.Product, "harvest") {
			harvest = append(harvest, a)
		}
	}
	switch len(harvest) {
	case 1:
		return strconv.FormatInt(harvest[0].ID, 10), nil
	case 0:
		return "", fmt.Errorf("%w: the token reaches no Harvest account (only Forecast, or none); authorize a user of a Harvest account, or set ProfileSettings='AccountId=…'", ErrAccount)
	}
	list := make([]string, len(harvest))
	for i, a := range harvest {
		list[i] = fmt.Sprintf("%d (%s)", a.ID, a.Name)
	}
	return "", fmt.Errorf("%w: the token reaches %d Harvest accounts: %s; choose one with ProfileSettings='AccountId=…'",
		ErrAccount, len(harvest), strings.Join(list, ", "))
}

// harvestAccountsURL is the account list beside the token endpoint in use
// (so a sandbox or proxy given as OAuthAccessTokenURL answers it too), or
// HarvestAccountsURL.
func harvestAccountsURL(cfg *dsn.Config, p *schema.Provider, settings map[string]string) string {
	tok := cfg.OAuthAccessTokenURL
	if tok == "" && p.Auth.OAuth != nil {
		if u, err := expandURL(p.Auth.OAuth.TokenURL, settings, p); err == nil {
			tok = u
		}
	}
	u, err := url.Parse(tok)
	if err != nil || !strings.HasSuffix(u.Path, "/oauth2/token") {
		return HarvestAccountsURL
	}
	u.Path = strings.TrimSuffix(u.Path, "/oauth2/token") + "/accounts"
	u.RawQuery = ""
	return u.String()
}

// accountTransport sends the Harvest-Account-Id header, looked up once
// (with the first request's context) when the connection string has no
// AccountId.
type accountTransport struct {
	next http.RoundTripper
	url  string
	o    options
	sem  chan struct{}
	id   string // guarded by sem
}

func newAccountTransport(next http.RoundTripper, accountsURL string, o options) *accountTransport {
	return &accountTransport{next: next, url: accountsURL, o: o, sem: make(chan struct{}, 1)}
}

// RoundTrip adds the account header, when the request has none, to a copy
// of r.
func (a *accountTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get(harvestAccountHeader) != "" || r.URL.String() == a.url {
		return a.next.RoundTrip(r)
	}
	id, err := a.lookup(r.Context())
	if err != nil {
		closeBody(r)
		return nil, err
	}
	r2 := r.Clone(r.Context())
	r2.Header.Set(harvestAccountHeader, id)
	return a.next.RoundTrip(r2)
}

func (a *accountTransport) lookup(ctx context.Context) (string, error) {
	select {
	case a.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-a.sem }()
	if a.id != "" {
		return a.id, nil
	}
	id, err := HarvestAccountID(ctx, a.o.guarded(nil, a.next), a.url, WithUserAgent(a.o.userAgent))
	if err != nil {
		return "", err
	}
	a.id = id
	return id, nil
}
