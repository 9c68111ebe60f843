package rest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"sync"

	"github.com/saasapi/saasapi/schema"
)

// Pager fetches the pages of one request in order. It holds one page in
// memory at a time.
type Pager struct {
	c     *Client
	req   *Request
	dec   *decoder
	next  *url.URL
	pages int
	done  bool
	err   error // reported by the call after the page that caused it
}

var decoders sync.Map // *schema.Table → *decoder

func decoderFor(t *schema.Table) *decoder {
	if d, ok := decoders.Load(t); ok {
		return d.(*decoder)
	}
	d, _ := decoders.LoadOrStore(t, newDecoder(t))
	return d.(*decoder)
}

// Pages starts the paging of r; nothing is sent until Next.
func (c *Client) Pages(r *Request) (*Pager, error) {
	u, err := c.URL(r)
	if err != nil {
		return nil, err
	}
	return &Pager{c: c, req: r, dec: decoderFor(r.Table), next: u}, nil
}

// Requests returns how many requests the pager has sent.
func (p *Pager) Requests() int { return p.pages }

// Next fetches and decodes the next page. It returns io.EOF after the
// last page.
func (p *Pager) Next(ctx context.Context) (*Page, error) {
	if p.err != nil {
		return nil, p.err
	}
	if p.done {
		return nil, io.EOF
	}
	c := p.c
	p.pages++
	page, err := p.fetch(ctx, p.next, p.pages)
	if err != nil {
		return nil, err
	}
	pg := c.paging(p.req.Path)
	p.done = true
	if pg.Style == schema.PagingPageNumber && len(page.Rows) > 0 {
		n, _ := strconv.Atoi(p.next.Query().Get(pg.PageParam))
		if page.TotalPages < 0 || int64(n) < page.TotalPages {
			next := *p.next
			q := next.Query()
			q.Set(pg.PageParam, strconv.Itoa(n+1))
			next.RawQuery = q.Encode()
			p.next, p.done = &next, false
		}
	}
	if pg.Style == schema.PagingNextLink && page.Next != "" && len(page.Rows) > 0 {
		next, err := p.followable(page.Next)
		switch {
		case err != nil:
			p.err = err
		case next.String() == p.next.String():
			p.err = fmt.Errorf("%s: table %s: %w: the next page link repeats the current page", c.provider.Name, p.req.Table.Name, ErrBadResponse)
		default:
			p.next, p.done = next, false
		}
	}
	return page, nil
}

// fetch sends one request of the listing and decodes its page (number n,
// for errors).
func (p *Pager) fetch(ctx context.Context, u *url.URL, n int) (*Page, error) {
	c := p.c
	resp, err := c.do(ctx, u, c.throttleFor(p.req.Path))
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) && ((p.req.Path.NotFoundIsEmpty && apiErr.Status == 404) || slices.Contains(p.req.Path.EmptyStatuses, apiErr.Status)) {
			return &Page{Total: 0, TotalPages: -1}, nil
		}
		return nil, err
	}
	defer resp.Body.Close()
	pg := c.paging(p.req.Path)
	body, err := readLimited(resp.Body, c.maxBody)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !errors.Is(err, ErrBadResponse) {
			err = fmt.Errorf("%w: reading the body: %v", ErrBadResponse, c.redact(err.Error()))
		} else {
			err = fmt.Errorf("%w: response body exceeds the size limit", ErrBadResponse)
		}
		return nil, fmt.Errorf("%s: table %s: page %d (%s): %w", c.provider.Name, p.req.Table.Name, n, c.redactURL(u), err)
	}
	page, err := p.dec.decodeBytes(body, p.req.Path.Records, p.req.Path.Object, pg)
	if err != nil {
		return nil, fmt.Errorf("%s: table %s: page %d (%s): %w", c.provider.Name, p.req.Table.Name, n, c.redactURL(u), err)
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "page", slog.String("table", p.req.Table.Name), slog.Int("page", n),
		slog.Int("rows", len(page.Rows)), slog.Int64("total", page.Total), slog.Bool("next", page.Next != ""))
	p.fillKeys(page)
	return page, nil
}

// Remaining returns, after the first page of a page-numbered listing that
// reports its page count, the URLs of the other pages, so a caller can
// fetch them at once (FetchPage) and keep their order. It reports false
// when the listing is not such a listing; the pager is then used with Next.
func (p *Pager) Remaining(first *Page) ([]*url.URL, bool) {
	pg := p.c.paging(p.req.Path)
	if pg.Style != schema.PagingPageNumber || first.TotalPages < 2 || p.pages != 1 || len(first.Rows) == 0 {
		return nil, false
	}
	var out []*url.URL
	for n := 2; int64(n) <= first.TotalPages; n++ {
		u := *p.next
		q := u.Query()
		q.Set(pg.PageParam, strconv.Itoa(n))
		u.RawQuery = q.Encode()
		out = append(out, &u)
	}
	p.done = true // the caller fetches the rest
	return out, true
}

// FetchPage fetches one page of the listing at a URL Remaining returned;
// safe to call concurrently.
func (p *Pager) FetchPage(ctx context.Context, u *url.URL, n int) (*Page, error) {
	return p.fetch(ctx, u, n)
}

// fillKeys sets, in rows that lack them, the key columns whose values
// the request put in the path (a child endpoint's records often omit
// their parent's id), and the input columns whose values it sent as
// query parameters (a report's from_date).
func (p *Pager) fillKeys(page *Page) {
	for _, f := range p.req.Path.Filters {
		col := p.req.Table.Column(f.Column)
		if col < 0 || !p.req.Table.Columns[col].Input || !p.req.Query.Has(f.Param) {
			continue
		}
		v, err := convert(json.Token(p.req.Query.Get(f.Param)), p.req.Table.Columns[col].Type)
		if err != nil {
			continue
		}
		for _, row := range page.Rows {
			row[col] = v
		}
	}
	for _, k := range p.req.Path.Keys {
		col := p.req.Table.Column(k)
		raw, ok := p.req.Keys[k]
		if col < 0 || !ok {
			continue
		}
		v, err := convert(json.Token(raw), schema.TypeText)
		if p.req.Table.Columns[col].Type == schema.TypeInteger {
			v, err = convert(json.Number(raw), schema.TypeInteger)
		}
		if err != nil {
			continue
		}
		for _, row := range page.Rows {
			if row[col] == nil {
				row[col] = v
			}
		}
	}
}

// followable checks a next-page link: it must stay on the API's scheme
// and host, so that no response can send our credentials elsewhere.
func (p *Pager) followable(link string) (*url.URL, error) {
	base := p.c.base
	u, err := base.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("%s: table %s: %w: next page link is not a URL", p.c.provider.Name, p.req.Table.Name, ErrBadResponse)
	}
	if u.Scheme != base.Scheme || u.Host != base.Host {
		return nil, fmt.Errorf("%s: table %s: %w: next page link leaves %s for %s://%s; not followed",
			p.c.provider.Name, p.req.Table.Name, ErrBadResponse, base.Host, u.Scheme, u.Host)
	}
	return u, nil
}
