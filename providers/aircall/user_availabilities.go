package aircall

import "github.com/saasapi/saasapi/schema"

func userAvailabilities() *schema.Table {
	return &schema.Table{
		Name: "user_availabilities",
		Rows: 50,
		Doc:  "Current availability of every user. GET /v1/users/availabilities; by id, GET /v1/users/{id}/availability.",
		Columns: one(
			key("ID of the user."),
			col("availability", schema.TypeText, "available, offline, do_not_disturb, in_call or after_call_work."),
		),
		Paths: []schema.AccessPath{
			// from/to filter on the users' creation time, which the rows
			// do not carry: no column to push them from, so no window.
			{Name: "list", Path: "/users/availabilities", Records: "users"},
			{Name: "by_id", Path: "/users/{id}/availability", Keys: []string{"id"}, NotFoundIsEmpty: true},
		},
	}
}
