package aha

import "github.com/saasapi/saasapi/schema"

func ideaComments() *schema.Table {
	return &schema.Table{
		Name: "idea_comments",
		Rows: 5000,
		Doc:  "Comments on an idea. GET /api/v1/ideas/{idea_id}/comments; without idea_id in WHERE, once per idea.",
		Columns: cols(
			commentColumns(),
			one(pathKey("idea_id", "ID of the idea")),
			user("idea_commenter_user", "Portal user who commented", false),
			one(
				col("visibility", s, "Who can see the comment."),
				col("parent_idea_comment_id", s, "ID of the comment this one replies to."),
			),
		),
		Paths: []schema.AccessPath{
			child("by_idea", "/ideas/{idea_id}/comments", "idea_id", "ideas.id", "comments"),
		},
	}
}
