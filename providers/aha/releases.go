package aha

import "github.com/saasapi/saasapi/schema"

func releases() *schema.Table {
	f := []schema.Filter{
		updatedSince,
		{Column: "parking_lot", Param: "parking_lot", Ops: eq, Format: schema.FormatBool},
		assignedTo,
	}
	return &schema.Table{
		Name: "releases",
		Rows: 200,
		Doc:  "Releases. GET /api/v1/releases, or GET /api/v1/products/{product_id}/releases when WHERE binds product_id.",
		Columns: cols(
			one(
				key("Unique ID of the release"),
				col("name", s, "Name of the release."),
				col("reference_num", s, "Reference number (\"PRJ1-R-2\"); the API accepts it in place of the ID."),
				col("development_started_on", d, "Date development started."),
				col("start_date", d, "Start date."),
				col("release_date", d, "Planned release date."),
				col("released_on", d, "Date the release shipped."),
				col("external_release_date", d, "Release date shown to customers."),
				col("theme", s, "Theme of the release."),
				col("parking_lot", b, "Whether the release is in the parking lot (unscheduled)."),
				col("position", i, "Position."),
				col("created_at", t, "When the release was created."),
				col("updated_at", t, "When the release was last updated."),
				col("product_id", s, "ID of the product."),
				col("progress", i, "Progress, 0-100."),
				col("progress_source", s, "How progress is computed."),
				col("url", s, "Web URL of the release."),
				col("resource", s, "API URL of the release."),
			),
			project(),
			workflowStatus(),
			description(true),
			one(col("attachments", j, "Attachments, a JSON array.")),
			user("owner", "Owner of the release", true),
			user("assigned_to_user", "User assigned to the release", false),
			user("created_by_user", "User who created the release", false),
			one(
				col("comments_count", i, "Number of comments."),
				col("goals", j, "Goals, a JSON array."),
				col("integration_fields", j, "Fields of integrations, a JSON array."),
				col("workflow_status_times", j, "Time spent in each status, a JSON array."),
				col("custom_fields", j, "Custom fields, a JSON array."),
				col("tags", j, "Tags, a JSON array of strings."),
				col("full_tags", j, "Tags, a JSON array of {id, name}."),
				col("phases", j, "Phases, a JSON array of {id, name, start_date, end_date, position}."),
			),
		),
		Paths: []schema.AccessPath{
			list("list", "/releases", "releases", f...),
			scoped("by_product", "/products/{product_id}/releases", "product_id", "releases", f...),
			byID("releases", "release"),
		},
	}
}
