package aha

import "github.com/saasapi/saasapi/schema"

func ideaOrganizations() *schema.Table {
	return &schema.Table{
		Name: "idea_organizations",
		Rows: 200,
		Doc:  "Organizations (customers) that endorse ideas. GET /api/v1/idea_organizations.",
		Columns: one(
			key("Unique ID of the organization"),
			col("name", s, "Name of the organization."),
			col("created_at", t, "When the organization was created."),
			col("url", s, "Web URL of the organization."),
			col("resource", s, "API URL of the organization."),
		),
		Paths: []schema.AccessPath{
			list("list", "/idea_organizations", "idea_organizations"),
			byID("idea_organizations", "idea_organization"),
		},
	}
}
