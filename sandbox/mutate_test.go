package sandbox_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/sandbox"
)

// TestMutateHarvest: an update, an addition and a deletion show in the
// listings, the updated_since filter, get-by-id and Dataset.
func TestMutateHarvest(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 120})
	before := s.Dataset()
	var gone, added int64
	require.NoError(t, s.MutateHarvest(func(ds *sandbox.Dataset) {
		ds.TimeEntries[0].Notes, ds.TimeEntries[0].UpdatedAt = "mutated", "2025-07-01T00:00:00Z"
		n := ds.TimeEntries[len(ds.TimeEntries)-1]
		n.ID += 1000
		added = n.ID
		ds.TimeEntries = append(ds.TimeEntries, n)
		gone = ds.TimeEntries[5].ID
		ds.TimeEntries = slices.Delete(ds.TimeEntries, 5, 6)
	}))
	type entry struct {
		ID        int64  `json:"id"`
		Notes     string `json:"notes"`
		UpdatedAt string `json:"updated_at"`
	}
	all, _ := listAll[entry](t, s, "time_entries", "/time_entries")
	assert.Len(t, all, len(before.TimeEntries))
	ids := map[int64]entry{}
	for _, e := range all {
		ids[e.ID] = e
	}
	assert.Contains(t, ids, added)
	assert.NotContains(t, ids, gone)
	assert.Equal(t, "mutated", ids[before.TimeEntries[0].ID].Notes)
	since, _ := listAll[entry](t, s, "time_entries", "/time_entries?updated_since=2025-06-30T23:00:00Z")
	require.Len(t, since, 1, "updated_since sees the update")
	assert.Equal(t, before.TimeEntries[0].ID, since[0].ID)
	assert.Equal(t, 404, get(t, s, "/time_entries/"+strconv.FormatInt(gone, 10)).status)
	assert.Len(t, s.Dataset().TimeEntries, len(before.TimeEntries))
	assert.Equal(t, before.TimeEntries[1], s.Dataset().TimeEntries[1], "the rest is unchanged")
	assert.Error(t, s.MutateAircall(func(*sandbox.AircallDataset) {}), "not an Aircall server")
}

// TestMutateAircallAndAha: the other providers' data changes the same way.
func TestMutateAircallAndAha(t *testing.T) {
	ac := start(t, sandbox.Options{Provider: "aircall", Rows: 60})
	n := len(ac.AircallData().Calls)
	require.NoError(t, ac.MutateAircall(func(ds *sandbox.AircallDataset) { ds.Calls = ds.Calls[:n-2] }))
	var page struct {
		Meta struct {
			Total int `json:"total"`
		} `json:"meta"`
	}
	require.NoError(t, json.Unmarshal(acGet(t, ac, "/calls?per_page=1").body, &page))
	assert.Equal(t, n-2, page.Meta.Total)

	aha := startAha(t, 60)
	f := aha.AhaData().Features[2]
	require.NoError(t, aha.MutateAha(func(ds *sandbox.AhaDataset) {
		ds.Features[2].Name, ds.Features[2].UpdatedAt = "renamed", "2025-07-01T00:00:00.000Z"
	}))
	got := decodeAha[map[string]any](t, "features", get(t, aha, "/features?updated_since=2025-06-30T23:00:00Z&fields=name"))
	require.Len(t, got.Records, 1)
	assert.Equal(t, "renamed", got.Records[0]["name"])
	assert.Equal(t, f.ID, got.Records[0]["id"])
	assert.Error(t, aha.MutateHarvest(func(*sandbox.Dataset) {}))
}
