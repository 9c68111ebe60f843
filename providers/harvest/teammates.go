package harvest

import "github.com/saasapi/saasapi/schema"

func teammates() *schema.Table {
	const s = schema.TypeText
	return &schema.Table{
		Name: "teammates",
		Rows: 100,
		Doc: "Teammates a manager manages. GET /v2/users/{user_id}/teammates; without user_id in WHERE, once per user " +
			"(Harvest answers 422 for a user who is not a Manager). A teammate appears once per manager: the row is identified by (user_id, id).",
		Columns: one(
			key("ID of the teammate (a user ID; unique together with user_id)."),
			pathKey("user_id", "ID of the manager"),
			col("first_name", s, "First name of the teammate."),
			col("last_name", s, "Last name of the teammate."),
			col("email", s, "Email address of the teammate."),
		),
		Paths: []schema.AccessPath{
			teammatesPath(),
		},
	}
}

// teammatesPath lists a manager's teammates; Harvest answers 422 for a
// user who is not a manager, which means no teammates.
func teammatesPath() schema.AccessPath {
	a := childList("by_user", "/users/{user_id}/teammates", "user_id", "users.id", "teammates")
	a.EmptyStatuses = []int{422}
	return a
}
