package harvest

import "github.com/saasapi/saasapi/schema"

func tasks() *schema.Table {
	const (
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "tasks",
		Rows: 30,
		Doc:  "Tasks, newest first. GET /v2/tasks.",
		Columns: one(
			key("Unique ID of the task."),
			col("name", s, "Name of the task."),
			col("billable_by_default", b, "Whether new assignments of the task are billable."),
			col("default_hourly_rate", r, "Default hourly rate of the task."),
			col("is_default", b, "Whether the task is added to new projects."),
			col("is_active", b, "Whether the task is active or archived."),
			col("created_at", t, "When the task was created."),
			col("updated_at", t, "When the task was last updated."),
		),
		Paths: paths("tasks", boolEq("is_active"), updatedSince),
	}
}
