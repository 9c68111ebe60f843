package aha

import "github.com/saasapi/saasapi/schema"

// commentColumns are the columns of a comment record.
func commentColumns() []schema.Column {
	return cols(
		one(
			key("Unique ID of the comment"),
			col("body", s, "Body of the comment (HTML)."),
			col("created_at", t, "When the comment was posted."),
			col("updated_at", t, "When the comment was last edited."),
		),
		user("user", "Author of the comment", true),
		one(
			col("attachments", j, "Attachments, a JSON array."),
			col("url", s, "Web URL of the comment."),
			col("resource", s, "API URL of the comment."),
		),
		nested("commentable", "Record commented on",
			col("type", s, "record type (Feature, Idea, …)"), col("id", s, "record ID"), col("url", s, "record web URL")),
	)
}

// commentParents are the records whose comments have their own listing,
// each as (path segment, key column, what).
var commentParents = [][3]string{
	{"features", "feature_id", "feature"},
	{"epics", "epic_id", "epic"},
	{"requirements", "requirement_id", "requirement"},
	{"ideas", "idea_id", "idea"},
	{"initiatives", "initiative_id", "initiative"},
	{"goals", "goal_id", "goal"},
	{"releases", "release_id", "release"},
	{"release_phases", "release_phase_id", "release phase"},
	{"todos", "todo_id", "to-do"},
}

func comments() *schema.Table {
	columns := cols(commentColumns(), one(pathKey("product_id", "ID of the product whose comments were listed")))
	paths := []schema.AccessPath{
		child("by_product", "/products/{product_id}/comments", "product_id", "products.id", "comments"),
	}
	for _, p := range commentParents {
		columns = append(columns, pathKey(p[1], "ID of the "+p[2]+" whose comments were listed"))
		paths = append(paths, scoped("by_"+p[1][:len(p[1])-3], "/"+p[0]+"/{"+p[1]+"}/comments", p[1], "comments"))
	}
	return &schema.Table{
		Name: "comments",
		Rows: 20000,
		Doc: "Comments on any record. GET /api/v1/products/{product_id}/comments (product-wide; without a parent in WHERE, once per product), " +
			"or the listing of the feature, epic, requirement, idea, initiative, goal, release, release phase or to-do bound in WHERE (feature_id, …, todo_id).",
		Columns: columns,
		Paths:   append(paths, byID("comments", "comment")),
	}
}
