package harvest

import "github.com/saasapi/saasapi/schema"

func roles() *schema.Table {
	const (
		s = schema.TypeText
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	return &schema.Table{
		Name: "roles",
		Rows: 10,
		Doc:  "Business roles of the account's people, newest first (administrators only). GET /v2/roles.",
		Columns: one(
			key("Unique ID of the role."),
			col("name", s, "Name of the role."),
			col("user_ids", j, "IDs of the users with the role, a JSON array of integers."),
			col("created_at", t, "When the role was created."),
			col("updated_at", t, "When the role was last updated."),
		),
		Paths: paths("roles"),
	}
}
