package harvest

import "github.com/saasapi/saasapi/schema"

func costRates() *schema.Table {
	const (
		r = schema.TypeReal
		d = schema.TypeDate
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "cost_rates",
		Rows: 100,
		Doc:  "Cost rate history of a user, oldest start_date first. GET /v2/users/{user_id}/cost_rates; without user_id in WHERE, once per user.",
		Columns: one(
			key("Unique ID of the cost rate."),
			pathKey("user_id", "ID of the user"),
			col("amount", r, "Cost rate."),
			col("start_date", d, "Date the rate takes effect."),
			col("end_date", d, "Last date the rate applies (computed by Harvest; null for the current rate)."),
			col("created_at", t, "When the rate was created."),
			col("updated_at", t, "When the rate was last updated."),
		),
		Paths: []schema.AccessPath{
			childList("by_user", "/users/{user_id}/cost_rates", "user_id", "users.id", "cost_rates"),
			scopedByID("/users/{user_id}/cost_rates/{id}", "user_id"),
		},
	}
}
