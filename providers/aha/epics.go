package aha

import "github.com/saasapi/saasapi/schema"

func epics() *schema.Table {
	f := []schema.Filter{updatedSince, assignedTo}
	return &schema.Table{
		Name: "epics",
		Rows: 500,
		Doc: "Epics. GET /api/v1/epics, or the listing below the product, release, initiative or goal bound in WHERE " +
			"(product_id, release_id, initiative_reference_num, goal_id).",
		Columns: cols(
			one(
				key("Unique ID of the epic"),
				col("name", s, "Name of the epic."),
				col("reference_num", s, "Reference number (\"PRJ1-E-251\"); the API accepts it in place of the ID."),
				col("initiative_reference_num", s, "Reference number of the epic's initiative."),
				col("position", i, "Position."),
				col("score", i, "Score."),
				col("created_at", t, "When the epic was created."),
				col("updated_at", t, "When the epic was last updated."),
				col("start_date", d, "Start date."),
				col("due_date", d, "Due date."),
				col("product_id", s, "ID of the product."),
				col("progress", i, "Progress, 0-100."),
				col("progress_source", s, "How progress is computed."),
				col("duration_source", s, "How the duration is computed."),
			),
			user("created_by", "User who created the epic", false),
			workflowStatus(),
			description(false),
			one(
				col("url", s, "Web URL of the epic."),
				col("resource", s, "API URL of the epic."),
			),
			// The reference guesses the full epic mirrors a feature (release,
			// assigned_to_user, tags): NULL when the API leaves them out.
			one(schema.Column{Name: "release_id", Type: s, Path: "release.id",
				Doc: "Release of the epic: release ID (from the request path when the record lacks it and WHERE binds it)."}),
			nested("release", "Release of the epic",
				col("reference_num", s, "release reference number"), col("name", s, "release name")),
			user("assigned_to_user", "User assigned to the epic", false),
			one(
				col("tags", j, "Tags, a JSON array of strings."),
				pathKey("goal_id", "ID of a goal the epic contributes to"),
			),
		),
		Paths: []schema.AccessPath{
			list("list", "/epics", "epics", f...),
			scoped("by_product", "/products/{product_id}/epics", "product_id", "epics", f...),
			scoped("by_release", "/releases/{release_id}/epics", "release_id", "epics", f...),
			scoped("by_initiative", "/initiatives/{initiative_reference_num}/epics", "initiative_reference_num", "epics", f...),
			scoped("by_goal", "/goals/{goal_id}/epics", "goal_id", "epics", f...),
			byID("epics", "epic"),
		},
	}
}
