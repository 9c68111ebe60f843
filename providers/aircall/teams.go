package aircall

import "github.com/saasapi/saasapi/schema"

func teams() *schema.Table {
	const (
		s = schema.TypeText
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	return &schema.Table{
		Name: "teams",
		Rows: 10,
		Doc:  "Teams of users, oldest first. GET /v1/teams.",
		Columns: one(
			key("Unique ID of the team."),
			col("direct_link", s, "API URL of the team."),
			col("name", s, "Name of the team (unique in the company, at most 64 characters)."),
			col("created_at", t, "When the team was created."),
			col("users", j, "Members, a JSON array of users {id, direct_link, name, email, created_at, available, availability_status, time_zone, language, wrap_up_time}."),
		),
		Paths: []schema.AccessPath{list("teams", nil, nil), byID("teams", "team")},
	}
}
