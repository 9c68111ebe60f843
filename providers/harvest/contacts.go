package harvest

import "github.com/saasapi/saasapi/schema"

func contacts() *schema.Table {
	const (
		i = schema.TypeInteger
		s = schema.TypeText
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "contacts",
		Rows: 200,
		Doc:  "Client contacts, newest first. GET /v2/contacts.",
		Columns: cols(
			one(key("Unique ID of the contact.")),
			nested("client", "Client of the contact",
				col("id", i, "client ID"), col("name", s, "client name")),
			one(
				col("title", s, "Title of the contact."),
				col("first_name", s, "First name."),
				col("last_name", s, "Last name."),
				col("email", s, "Email address."),
				col("phone_office", s, "Office phone number."),
				col("phone_mobile", s, "Mobile phone number."),
				col("fax", s, "Fax number."),
				col("created_at", t, "When the contact was created."),
				col("updated_at", t, "When the contact was last updated."),
			),
		),
		Paths: paths("contacts", idEq("client_id"), updatedSince),
	}
}
