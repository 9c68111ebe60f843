package sandbox

import "fmt"

// MutateHarvest changes the records a Harvest server serves, so that a
// test can add, update and delete records between two reads: f edits a
// deep copy of the data set, which the server then serves, at once for
// every request that follows (a request being answered sees the data
// before or after, never half of it). Keep each slice in the order
// [Dataset] documents: add a new record with the newest creation time at
// the end, and give an updated record a new UpdatedAt, as the API would
// (updated_since filters on it). It fails on a server of another
// provider.
func (s *Server) MutateHarvest(f func(ds *Dataset)) error {
	s.data.Lock()
	defer s.data.Unlock()
	if s.ds == nil {
		return fmt.Errorf("sandbox: MutateHarvest on a %s server", s.opts.Provider)
	}
	ds := s.ds.clone()
	f(ds)
	a, err := newAPI(ds, s.opts)
	if err != nil {
		return err
	}
	s.ds, s.api = ds, a
	return nil
}

// MutateAircall changes the records an Aircall server serves, as
// MutateHarvest does: f edits a deep copy of the data set. Keep each
// slice in the order [AircallDataset] documents (a new call or contact
// at the end, with the newest creation time).
func (s *Server) MutateAircall(f func(ds *AircallDataset)) error {
	s.data.Lock()
	defer s.data.Unlock()
	if s.aircall == nil {
		return fmt.Errorf("sandbox: MutateAircall on a %s server", s.opts.Provider)
	}
	ds := s.aircall.ds.clone()
	f(ds)
	s.aircall = newAircallAPI(ds, s.opts)
	return nil
}

// MutateAha changes the records an Aha! server serves, as MutateHarvest
// does: f edits a deep copy of the data set. Give an updated record a new
// UpdatedAt (updated_since filters on it).
func (s *Server) MutateAha(f func(ds *AhaDataset)) error {
	s.data.Lock()
	defer s.data.Unlock()
	if s.aha == nil {
		return fmt.Errorf("sandbox: MutateAha on a %s server", s.opts.Provider)
	}
	ds := s.aha.ds.clone()
	f(ds)
	a, err := newAhaAPI(ds, s.opts)
	if err != nil {
		return err
	}
	s.aha = a
	return nil
}
