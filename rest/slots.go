package rest

import "context"

// pageSlots bounds the pages of a listing read in parts that are held in
// memory: read, decoded and not yet done with by the listing's reader.
// A part takes a place when its answer comes, before reading the body, and
// the reader gives it back when it asks for the page after; so requests
// may be in flight by the dozen (they cost the client nothing while they
// wait for the API) while memory stays a few pages, however fast the API
// answers and however slowly the reader goes. A nil *pageSlots bounds
// nothing.
type pageSlots chan struct{}

func newPageSlots(n int) *pageSlots {
	s := make(pageSlots, n)
	return &s
}

// take waits for a free place, or for ctx to end.
func (s *pageSlots) take(ctx context.Context) error {
	if s == nil {
		return nil
	}
	select {
	case *s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// give frees a place.
func (s *pageSlots) give() {
	if s != nil {
		<-*s
	}
}
