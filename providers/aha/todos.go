package aha

import "github.com/saasapi/saasapi/schema"

func todos() *schema.Table {
	return &schema.Table{
		Name: "todos",
		Rows: 2000,
		Doc:  "To-dos (tasks). GET /api/v1/todos; the records are under \"tasks\".",
		Columns: one(
			key("Unique ID of the to-do"),
			col("name", s, "Name of the to-do."),
			col("created_at", t, "When the to-do was created."),
			col("updated_at", t, "When the to-do was last updated."),
			col("url", s, "Web URL of the to-do."),
			col("resource", s, "API URL of the to-do."),
		),
		Paths: []schema.AccessPath{list("list", "/todos", "tasks"), byID("todos", "task")},
	}
}
