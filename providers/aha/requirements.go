package aha

import "github.com/saasapi/saasapi/schema"

func requirements() *schema.Table {
	return &schema.Table{
		Name: "requirements",
		Rows: 10000,
		Doc:  "Requirements of a feature. GET /api/v1/features/{feature_id}/requirements; without feature_id in WHERE, once per feature.",
		Columns: cols(
			one(
				key("Unique ID of the requirement"),
				col("name", s, "Name of the requirement."),
				col("reference_num", s, "Reference number (\"PRJ1-123-1\"); the API accepts it in place of the ID."),
				col("position", i, "Position in the feature."),
				col("created_at", t, "When the requirement was created."),
				col("updated_at", t, "When the requirement was last updated."),
				col("release_id", s, "ID of the release."),
			),
			user("created_by_user", "User who created the requirement", false),
			workflowStatus(),
			one(
				col("url", s, "Web URL of the requirement."),
				col("resource", s, "API URL of the requirement."),
			),
			description(true),
			one(schema.Column{Name: "feature_id", Type: s, Path: "feature.id",
				Doc: "Feature of the requirement: feature ID (from the request path when the record lacks it)."}),
			nested("feature", "Feature of the requirement",
				col("reference_num", s, "reference number"), col("name", s, "name"), col("created_at", t, "created"),
				col("url", s, "web URL"), col("resource", s, "API URL"), col("product_id", s, "product ID")),
			user("assigned_to_user", "User assigned to the requirement", false),
			one(
				col("attachments", j, "Attachments, a JSON array."),
				col("tags", j, "Tags, a JSON array of strings."),
				col("full_tags", j, "Tags, a JSON array of {id, name}."),
				col("custom_fields", j, "Custom fields, a JSON array."),
				col("integration_fields", j, "Fields of integrations, a JSON array."),
				col("comments_count", i, "Number of comments."),
				col("workflow_status_times", j, "Time spent in each status, a JSON array."),
			),
		),
		Paths: []schema.AccessPath{
			child("by_feature", "/features/{feature_id}/requirements", "feature_id", "features.id", "requirements"),
			byID("requirements", "requirement"),
		},
	}
}
