package aha

import "github.com/saasapi/saasapi/schema"

// endorsementColumns are the columns of idea_endorsements and idea_votes:
// the union of the two shapes the sources give (AHA-SPEC and Airbyte
// disagree), each NULL when the API leaves it out.
func endorsementColumns(what string) []schema.Column {
	return cols(
		one(
			key("Unique ID of the "+what),
			schema.Column{Name: "idea_id", Type: s,
				Doc: "ID of the idea (from the record, else from the request path)."},
			col("email", s, "Email of the endorser."),
			col("idea_organization_id", s, "ID of the endorsing idea organization."),
			col("value", s, "Value of the "+what+" (a number or text: the sources disagree)."),
			col("link", s, "Link given with the "+what+"."),
			col("description", s, "Description given with the "+what+"."),
			col("weight", i, "Weight of the "+what+"."),
			col("created_at", t, "When the "+what+" was created."),
			col("updated_at", t, "When the "+what+" was last updated."),
		),
		user("created_by_user", "Aha! user who recorded the "+what, false),
		user("endorsed_by_portal_user", "Portal user who endorsed", false),
		user("endorsed_by_idea_user", "Idea user who endorsed", false),
		nested("endorsed_by_idea_organization", "Idea organization that endorsed",
			col("id", s, "ID"), col("name", s, "name"), col("created_at", t, "created"),
			col("url", s, "web URL"), col("resource", s, "API URL")),
		user("endorsed_by_user", "Aha! user who endorsed", false),
	)
}
