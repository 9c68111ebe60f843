package aha

import "github.com/saasapi/saasapi/schema"

func goals() *schema.Table {
	return &schema.Table{
		Name: "goals",
		Rows: 50,
		Doc:  "Goals. GET /api/v1/goals.",
		Columns: cols(
			one(
				key("Unique ID of the goal"),
				col("name", s, "Name of the goal."),
				col("reference_num", s, "Reference number; the API accepts it in place of the ID."),
				col("status", s, "Status of the goal."),
				col("position", i, "Position."),
				col("score", r, "Score."),
				col("created_at", t, "When the goal was created."),
				col("updated_at", t, "When the goal was last updated."),
				col("start_date", d, "Start date."),
				col("end_date", d, "End date."),
				col("progress", r, "Progress, 0-100."),
				col("progress_source", s, "How progress is computed."),
				col("url", s, "Web URL of the goal."),
				col("resource", s, "API URL of the goal."),
			),
			project(),
			workflowStatus(),
			description(true),
			one(col("attachments", j, "Attachments, a JSON array.")),
			user("assigned_to_user", "User assigned to the goal", false),
			user("created_by_user", "User who created the goal", false),
			one(
				col("comments_count", i, "Number of comments."),
				col("key_results", j, "Key results, a JSON array of {id, name, target_value, current_value, unit, progress, created_at, updated_at}."),
				col("initiatives", j, "Initiatives, a JSON array of {id, name, reference_num, url, resource}."),
				col("features", j, "Features, a JSON array."),
				col("releases", j, "Releases, a JSON array."),
				col("integration_fields", j, "Fields of integrations, a JSON array."),
				col("custom_fields", j, "Custom fields, a JSON array."),
				col("tags", j, "Tags, a JSON array of strings."),
				col("full_tags", j, "Tags, a JSON array of {id, name}."),
				col("effort", r, "Effort."),
				col("value", r, "Value."),
				col("product_id", s, "ID of the product."),
				col("success_metric", j, "Success metric, a JSON object."),
				col("timeframe", j, "Time frame, a JSON object."),
				col("parent", j, "Parent goal, a JSON object."),
				col("parents", j, "Ancestor goals, a JSON array."),
			),
		),
		Paths: []schema.AccessPath{
			list("list", "/goals", "goals", updatedSince, assignedTo,
				schema.Filter{Column: "status", Param: "status", Ops: eq}),
			byID("goals", "goal"),
		},
	}
}
