package aha

import "github.com/saasapi/saasapi/schema"

func ideas() *schema.Table {
	f := []schema.Filter{
		updatedSince,
		{Column: "created_at", Param: "created_since", Ops: since, Format: schema.FormatDateTime},
		{Column: "created_at", Param: "created_before", Ops: []schema.Op{schema.OpLT}, Format: schema.FormatDateTime},
		// workflow_status takes a status ID or name.
		{Column: "workflow_status_name", Param: "workflow_status", Ops: eq},
		{Column: "created_by_user_id", Param: "user_id", Ops: eq},
		{Column: "created_by_idea_user_id", Param: "idea_user_id", Ops: eq},
	}
	return &schema.Table{
		Name: "ideas",
		Rows: 5000,
		Doc: "Ideas, spam excluded (the API's default). GET /api/v1/ideas, or GET /api/v1/products/{product_id}/ideas " +
			"when WHERE binds product_id.",
		Columns: cols(
			one(
				key("Unique ID of the idea"),
				col("name", s, "Name of the idea."),
				col("reference_num", s, "Reference number (\"PRJ1-I-1\"); the API accepts it in place of the ID."),
				col("score", i, "Score."),
				col("created_at", t, "When the idea was created."),
				col("updated_at", t, "When the idea was last updated."),
				col("product_id", s, "ID of the product."),
				col("votes", i, "Number of votes."),
				col("initial_votes", i, "Votes the idea started with."),
				col("status_changed_at", t, "When the workflow status last changed."),
			),
			workflowStatus(),
			description(true),
			one(
				col("visibility", s, "Who can see the idea in portals."),
				col("url", s, "Web URL of the idea."),
				col("resource", s, "API URL of the idea."),
			),
			nested("product", "Product of the idea",
				col("reference_prefix", s, "reference prefix"), col("name", s, "name"),
				col("product_line", b, "whether a product line"), col("created_at", t, "created"),
				col("workspace_type", s, "workspace type"), col("url", s, "web URL")),
			user("created_by_user", "Aha! user who created the idea", true),
			nested("created_by_portal_user", "Portal user who created the idea",
				col("id", s, "ID"), col("name", s, "name"), col("email", s, "email"), col("created_at", t, "created")),
			nested("created_by_idea_user", "Idea user who created the idea",
				col("id", s, "ID"), col("name", s, "name"), col("email", s, "email"), col("created_at", t, "created")),
			user("assigned_to_user", "User assigned to the idea", false),
			one(
				col("endorsements_count", i, "Number of endorsements."),
				col("comments_count", i, "Number of comments."),
				col("score_facts", j, "Score facts, a JSON array of {id, name, value}."),
				col("tags", j, "Tags, a JSON array of strings."),
				col("full_tags", j, "Tags, a JSON array of {id, name}."),
				col("categories", j, "Idea categories, a JSON array."),
				col("custom_fields", j, "Custom fields, a JSON array."),
				col("workflow_status_times", j, "Time spent in each status, a JSON array of {status_id, status_name, started_at, ended_at}."),
				col("submitted_idea_portal_record_url", s, "URL of the idea in the portal it was submitted through."),
				col("integration_fields", j, "Fields of integrations, a JSON array."),
			),
		),
		Paths: []schema.AccessPath{
			list("list", "/ideas", "ideas", append(f[:len(f):len(f)], assignedTo)...),
			scoped("by_product", "/products/{product_id}/ideas", "product_id", "ideas", f...),
			byID("ideas", "idea"),
		},
	}
}
