package harvest

import "github.com/saasapi/saasapi/schema"

func taskAssignments() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
	)
	filters := []schema.Filter{boolEq("is_active"), updatedSince}
	return &schema.Table{
		Name: "task_assignments",
		Rows: 1500,
		Doc:  "Tasks assigned to projects, newest first. GET /v2/task_assignments, or GET /v2/projects/{project_id}/task_assignments when WHERE binds project_id.",
		Columns: cols(
			one(key("Unique ID of the task assignment.")),
			nested("project", "Project of the assignment",
				col("id", i, "project ID"), col("name", s, "project name"), col("code", s, "project code")),
			nested("task", "Task assigned",
				col("id", i, "task ID"), col("name", s, "task name")),
			one(
				col("is_active", b, "Whether the assignment is active or archived."),
				col("billable", b, "Whether time on the task is billable."),
				col("hourly_rate", r, "Rate used when the project bills by task hourly rate."),
				col("budget", r, "Budget used when the project's budget is by task."),
				col("created_at", t, "When the assignment was created."),
				col("updated_at", t, "When the assignment was last updated."),
			),
		),
		Paths: []schema.AccessPath{
			{Name: "list", Path: "/task_assignments", Records: "task_assignments", Filters: filters},
			scopedList("by_project", "/projects/{project_id}/task_assignments", "project_id", "task_assignments", filters...),
			scopedByID("/projects/{project_id}/task_assignments/{id}", "project_id"),
		},
	}
}
