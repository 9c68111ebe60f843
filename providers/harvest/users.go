package harvest

import "github.com/saasapi/saasapi/schema"

func users() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	return &schema.Table{
		Name: "users",
		Rows: 50,
		Doc:  "Users of the account, newest first. GET /v2/users.",
		Columns: one(
			key("Unique ID of the user."),
			col("first_name", s, "First name."),
			col("last_name", s, "Last name."),
			col("email", s, "Email address."),
			col("telephone", s, "Telephone number."),
			col("timezone", s, "Time zone name (\"Eastern Time (US & Canada)\")."),
			col("has_access_to_all_future_projects", b, "Whether the user is added to new projects automatically."),
			col("is_contractor", b, "Whether the user is a contractor."),
			col("is_active", b, "Whether the user is active or archived."),
			col("weekly_capacity", i, "Capacity per week in seconds (126000 = 35 hours)."),
			col("default_hourly_rate", r, "Billable rate used when no other rate applies."),
			col("cost_rate", r, "Cost rate."),
			col("roles", j, "Business roles, a JSON array of strings."),
			col("access_roles", j, "Permission roles (administrator, manager, member and manager add-ons), a JSON array."),
			col("avatar_url", s, "URL of the avatar image."),
			col("created_at", t, "When the user was created."),
			col("updated_at", t, "When the user was last updated."),
		),
		Paths: paths("users", boolEq("is_active"), updatedSince),
	}
}
