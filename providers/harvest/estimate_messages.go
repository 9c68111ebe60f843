package harvest

import "github.com/saasapi/saasapi/schema"

func estimateMessages() *schema.Table {
	const (
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	return &schema.Table{
		Name: "estimate_messages",
		Rows: 600,
		Doc:  "Messages sent about an estimate, and its state changes. GET /v2/estimates/{estimate_id}/messages; without estimate_id in WHERE, once per estimate.",
		Columns: one(
			key("Unique ID of the message."),
			pathKey("estimate_id", "ID of the estimate"),
			col("sent_by", s, "Name of the user who sent the message."),
			col("sent_by_email", s, "Email of the user who sent the message."),
			col("sent_from", s, "Name the message was sent from."),
			col("sent_from_email", s, "Email the message was sent from."),
			col("recipients", j, "Recipients, a JSON array of {name, email}."),
			col("subject", s, "Subject of the message."),
			col("body", s, "Body of the message."),
			col("send_me_a_copy", b, "Whether the sender got a copy."),
			col("event_type", s, "send, accept, decline, re-open, view or invoice."),
			col("created_at", t, "When the message was created."),
			col("updated_at", t, "When the message was last updated."),
		),
		Paths: []schema.AccessPath{
			childList("by_estimate", "/estimates/{estimate_id}/messages", "estimate_id", "estimates.id", "estimate_messages", updatedSince),
		},
	}
}
