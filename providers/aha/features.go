package aha

import "github.com/saasapi/saasapi/schema"

func features() *schema.Table {
	f := []schema.Filter{updatedSince, assignedTo}
	return &schema.Table{
		Name: "features",
		Rows: 5000,
		Doc: "Features. GET /api/v1/features, or the listing below the product, release, epic, initiative or goal " +
			"bound in WHERE (product_id, release_id, release_reference_num, epic_reference_num, initiative_reference_num, goal_id).",
		Columns: cols(
			one(
				key("Unique ID of the feature"),
				col("name", s, "Name of the feature."),
				col("reference_num", s, "Reference number (\"PRJ1-123\"); the API accepts it in place of the ID."),
				col("initiative_reference_num", s, "Reference number of the feature's initiative."),
				col("release_reference_num", s, "Reference number of the feature's release."),
				col("epic_reference_num", s, "Reference number of the feature's epic."),
				col("position", i, "Position in the release."),
				col("score", i, "Score."),
				col("created_at", t, "When the feature was created."),
				col("updated_at", t, "When the feature was last updated."),
				col("start_date", d, "Start date."),
				col("due_date", d, "Due date."),
				col("product_id", s, "ID of the product."),
				col("progress", i, "Progress, 0-100."),
				col("progress_source", s, "How progress is computed."),
				col("status_changed_on", d, "Date the workflow status last changed."),
			),
			user("created_by_user", "User who created the feature", true),
			nested("workflow_kind", "Type of the feature",
				col("id", s, "type ID"), col("name", s, "type name")),
			workflowStatus(),
			project(),
			description(true),
			one(
				col("attachments", j, "Attachments, a JSON array."),
				col("integration_fields", j, "Fields of integrations, a JSON array of {id, name, value, integration_id, service_name, created_at}."),
				col("url", s, "Web URL of the feature."),
				col("resource", s, "API URL of the feature."),
			),
			nested("release", "Release of the feature",
				col("id", s, "release ID"), col("name", s, "name"), col("start_date", d, "start date"),
				col("release_date", d, "release date"), col("parking_lot", b, "whether in the parking lot"),
				col("created_at", t, "created"), col("product_id", s, "product ID"),
				col("url", s, "web URL"), col("resource", s, "API URL")),
			user("assigned_to_user", "User assigned to the feature", true),
			nested("assigned_to_user", "User assigned to the feature",
				col("default_assignee", b, "whether the default assignee")),
			one(
				col("requirements", j, "Requirements, a JSON array."),
				col("goals", j, "Goals the feature contributes to, a JSON array."),
				col("key_results", j, "Key results, a JSON array."),
				col("comments_count", i, "Number of comments."),
				col("score_facts", j, "Score facts, a JSON array of {id, name, value}."),
				col("tags", j, "Tags, a JSON array of strings."),
				col("full_tags", j, "Tags, a JSON array of {id, name}."),
				col("custom_fields", j, "Custom fields, a JSON array of {key, name, value, type}."),
				col("feature_links", j, "Links to other records, a JSON array."),
				col("workflow_status_times", j, "Time spent in each status, a JSON array of {status_id, status_name, started_at, ended_at}."),
				col("feature_only_original_estimate", r, "Original estimate of the feature alone."),
				col("feature_only_remaining_estimate", r, "Remaining estimate of the feature alone."),
				col("feature_only_work_done", r, "Work done on the feature alone."),
				pathKey("goal_id", "ID of a goal the feature contributes to"),
			),
		),
		Paths: []schema.AccessPath{
			list("list", "/features", "features", f...),
			scoped("by_product", "/products/{product_id}/features", "product_id", "features", f...),
			scoped("by_release", "/releases/{release_id}/features", "release_id", "features", f...),
			scoped("by_release_ref", "/releases/{release_reference_num}/features", "release_reference_num", "features", f...),
			scoped("by_epic", "/epics/{epic_reference_num}/features", "epic_reference_num", "features", f...),
			scoped("by_initiative", "/initiatives/{initiative_reference_num}/features", "initiative_reference_num", "features", f...),
			scoped("by_goal", "/goals/{goal_id}/features", "goal_id", "features", f...),
			byID("features", "feature"),
		},
	}
}
