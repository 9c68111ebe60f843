package harvest

import "github.com/saasapi/saasapi/schema"

func projectAssignments() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	return &schema.Table{
		Name: "project_assignments",
		Rows: 1000,
		Doc:  "A user's active project assignments. GET /v2/users/{user_id}/project_assignments; without user_id in WHERE, once per user.",
		Columns: cols(
			one(
				key("Unique ID of the assignment (the user assignment)."),
				pathKey("user_id", "ID of the user"),
				col("is_active", b, "Whether the assignment is active (always true: only active ones are listed)."),
				col("is_project_manager", b, "Whether the user manages the project."),
				col("use_default_rates", b, "Whether the user's default rates apply."),
				col("hourly_rate", r, "Rate used when the project bills by person hourly rate."),
				col("budget", r, "Budget used when the project's budget is by person."),
				col("created_at", t, "When the assignment was created."),
				col("updated_at", t, "When the assignment was last updated."),
			),
			nested("project", "Project assigned",
				col("id", i, "project ID"), col("name", s, "project name"), col("code", s, "project code")),
			nested("client", "Client of the project",
				col("id", i, "client ID"), col("name", s, "client name")),
			one(col("task_assignments", j, "Task assignments of the project, a JSON array of {id, billable, is_active, created_at, updated_at, hourly_rate, budget, task{id,name}}.")),
		),
		Paths: []schema.AccessPath{
			childList("by_user", "/users/{user_id}/project_assignments", "user_id", "users.id", "project_assignments", updatedSince),
		},
	}
}
