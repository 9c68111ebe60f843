package aha

import "github.com/saasapi/saasapi/schema"

func releasePhases() *schema.Table {
	return &schema.Table{
		Name: "release_phases",
		Rows: 600,
		Doc:  "Phases of releases. GET /api/v1/release_phases.",
		Columns: one(
			key("Unique ID of the phase"),
			col("name", s, "Name of the phase."),
			col("start_date", d, "Start date."),
			col("end_date", d, "End date."),
			col("position", i, "Position in the release."),
		),
		Paths: []schema.AccessPath{
			list("list", "/release_phases", "release_phases"),
			byID("release_phases", "release_phase"),
		},
	}
}
