package harvest

import "github.com/saasapi/saasapi/schema"

func userAssignments() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
	)
	filters := []schema.Filter{idEq("user_id"), boolEq("is_active"), updatedSince}
	return &schema.Table{
		Name: "user_assignments",
		Rows: 1000,
		Doc:  "Users assigned to projects, newest first. GET /v2/user_assignments, or GET /v2/projects/{project_id}/user_assignments when WHERE binds project_id.",
		Columns: cols(
			one(key("Unique ID of the user assignment.")),
			nested("project", "Project of the assignment",
				col("id", i, "project ID"), col("name", s, "project name"), col("code", s, "project code")),
			nested("user", "User assigned",
				col("id", i, "user ID"), col("name", s, "user name")),
			one(
				col("is_active", b, "Whether the assignment is active or archived."),
				col("is_project_manager", b, "Whether the user manages the project."),
				col("use_default_rates", b, "Whether the user's default rates apply."),
				col("hourly_rate", r, "Rate used when the project bills by person hourly rate."),
				col("budget", r, "Budget used when the project's budget is by person."),
				col("created_at", t, "When the assignment was created."),
				col("updated_at", t, "When the assignment was last updated."),
			),
		),
		Paths: []schema.AccessPath{
			{Name: "list", Path: "/user_assignments", Records: "user_assignments", Filters: filters},
			scopedList("by_project", "/projects/{project_id}/user_assignments", "project_id", "user_assignments", filters...),
			scopedByID("/projects/{project_id}/user_assignments/{id}", "project_id"),
		},
	}
}
