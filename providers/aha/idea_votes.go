package aha

import "github.com/saasapi/saasapi/schema"

func ideaVotes() *schema.Table {
	return &schema.Table{
		Name:    "idea_votes",
		Rows:    20000,
		Doc:     "Votes on an idea. GET /api/v1/ideas/{idea_id}/votes; without idea_id in WHERE, once per idea.",
		Columns: endorsementColumns("vote"),
		Paths: []schema.AccessPath{
			child("by_idea", "/ideas/{idea_id}/votes", "idea_id", "ideas.id", "votes"),
		},
	}
}
