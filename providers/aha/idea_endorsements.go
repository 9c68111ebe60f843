package aha

import "github.com/saasapi/saasapi/schema"

func ideaEndorsements() *schema.Table {
	return &schema.Table{
		Name:    "idea_endorsements",
		Rows:    10000,
		Doc:     "Endorsements (proxy votes) of an idea. GET /api/v1/ideas/{idea_id}/endorsements; without idea_id in WHERE, once per idea.",
		Columns: endorsementColumns("endorsement"),
		Paths: []schema.AccessPath{
			child("by_idea", "/ideas/{idea_id}/endorsements", "idea_id", "ideas.id", "idea_endorsements"),
		},
	}
}
