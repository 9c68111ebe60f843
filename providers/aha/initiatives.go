package aha

import "github.com/saasapi/saasapi/schema"

func initiatives() *schema.Table {
	f := []schema.Filter{updatedSince, assignedTo}
	return &schema.Table{
		Name: "initiatives",
		Rows: 100,
		Doc:  "Initiatives. GET /api/v1/initiatives, or GET /api/v1/products/{product_id}/initiatives when WHERE binds product_id.",
		Columns: cols(
			one(
				key("Unique ID of the initiative"),
				col("name", s, "Name of the initiative."),
				col("reference_num", s, "Reference number; the API accepts it in place of the ID."),
				col("status", s, "Status of the initiative."),
				col("effort", i, "Effort."),
				col("value", i, "Value."),
				col("presented", b, "Whether the initiative is presented on roadmaps."),
				col("color", s, "Color."),
				col("start_date", d, "Start date."),
				col("end_date", d, "End date."),
				col("position", i, "Position."),
				col("score", i, "Score."),
				col("created_at", t, "When the initiative was created."),
				col("updated_at", t, "When the initiative was last updated."),
				col("product_id", s, "ID of the product."),
				col("progress", i, "Progress, 0-100."),
				col("progress_source", s, "How progress is computed."),
				col("duration_source", s, "How the duration is computed."),
				col("url", s, "Web URL of the initiative."),
				col("resource", s, "API URL of the initiative."),
			),
			project(),
			workflowStatus(),
			description(true),
			one(col("attachments", j, "Attachments, a JSON array.")),
			user("assigned_to_user", "User assigned to the initiative", false),
			nested("time_frame", "Time frame of the initiative",
				col("id", s, "time frame ID"), col("name", s, "time frame name")),
			one(
				col("comments_count", i, "Number of comments."),
				col("goals", j, "Goals, a JSON array."),
				col("key_results", j, "Key results, a JSON array."),
				col("score_facts", j, "Score facts, a JSON array of {id, name, value}."),
				col("integration_fields", j, "Fields of integrations, a JSON array."),
			),
			user("created_by_user", "User who created the initiative", false),
		),
		Paths: []schema.AccessPath{
			list("list", "/initiatives", "initiatives", f...),
			scoped("by_product", "/products/{product_id}/initiatives", "product_id", "initiatives", f...),
			byID("initiatives", "initiative"),
		},
	}
}
