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
type pageSlots chan *place

// place is a place among a listing's pages in memory, with the buffer its
// bodies are read into: reused from one page to the next, so that a
// listing read in parts allocates (and the garbage collector frees) no
// body but its first.
type place struct{ buf []byte }

func newPageSlots(n int) *pageSlots {
	s := make(pageSlots, n)
	for range n {
		s <- &place{}
	}
	return &s
}

// take waits for a free place, or for ctx to end; a nil *pageSlots gives
// a nil place at once.
func (s *pageSlots) take(ctx context.Context) (*place, error) {
	if s == nil {
		return nil, nil
	}
	select {
	case pl := <-*s:
		return pl, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// give frees a place.
func (s *pageSlots) give(pl *place) {
	if s != nil && pl != nil {
		*s <- pl
	}
}
