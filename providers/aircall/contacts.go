package aircall

import "github.com/saasapi/saasapi/schema"

func contacts() *schema.Table {
	const (
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	filters, w := created("created_at")
	return &schema.Table{
		Name: "contacts",
		Rows: 5000,
		Doc:  "Shared and personal contacts, oldest first. GET /v1/contacts; listings over 10,000 contacts are split into created_at windows.",
		Columns: one(
			key("Unique ID of the contact."),
			col("direct_link", s, "API URL of the contact."),
			col("first_name", s, "First name."),
			col("last_name", s, "Last name."),
			col("company_name", s, "Company name."),
			col("description", s, "Description."),
			col("information", s, "Extra information."),
			col("is_shared", b, "Whether the contact is shared with the whole company."),
			col("created_at", t, "When the contact was created (Unix seconds or ISO 8601; both decode)."),
			col("updated_at", t, "When the contact was last updated."),
			col("phone_numbers", j, "Phone numbers, a JSON array of {id, label, value}."),
			col("emails", j, "Email addresses, a JSON array of {id, label, value}."),
		),
		Paths: []schema.AccessPath{list("contacts", filters, w), byID("contacts", "contact")},
	}
}
