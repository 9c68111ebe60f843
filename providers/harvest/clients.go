package harvest

import "github.com/saasapi/saasapi/schema"

func clients() *schema.Table {
	const (
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "clients",
		Rows: 100,
		Doc:  "Clients, newest first. GET /v2/clients.",
		Columns: one(
			key("Unique ID of the client."),
			col("name", s, "Name of the client."),
			col("is_active", b, "Whether the client is active or archived."),
			col("address", s, "Address (several lines)."),
			col("statement_key", s, "Key of the client's statement URL."),
			col("currency", s, "Currency code (ISO 4217)."),
			col("created_at", t, "When the client was created."),
			col("updated_at", t, "When the client was last updated."),
		),
		Paths: paths("clients", boolEq("is_active"), updatedSince),
	}
}
