package harvest

import "github.com/saasapi/saasapi/schema"

func invoiceMessages() *schema.Table {
	const (
		s = schema.TypeText
		b = schema.TypeBoolean
		d = schema.TypeDate
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	return &schema.Table{
		Name: "invoice_messages",
		Rows: 2000,
		Doc:  "Messages sent about an invoice, and its state changes. GET /v2/invoices/{invoice_id}/messages; without invoice_id in WHERE, once per invoice.",
		Columns: one(
			key("Unique ID of the message."),
			pathKey("invoice_id", "ID of the invoice"),
			col("sent_by", s, "Name of the user who sent the message."),
			col("sent_by_email", s, "Email of the user who sent the message."),
			col("sent_from", s, "Name the message was sent from."),
			col("sent_from_email", s, "Email the message was sent from."),
			col("recipients", j, "Recipients, a JSON array of {name, email}."),
			col("subject", s, "Subject of the message."),
			col("body", s, "Body of the message."),
			col("include_link_to_client_invoice", b, "Whether the message links to the client's invoice page (deprecated)."),
			col("attach_pdf", b, "Whether a PDF of the invoice was attached."),
			col("send_me_a_copy", b, "Whether the sender got a copy."),
			col("thank_you", b, "Whether this is a thank-you message."),
			col("event_type", s, "close, draft, re-open or send for a state change; null for a plain message."),
			col("reminder", b, "Whether this is a reminder."),
			col("send_reminder_on", d, "Date a scheduled reminder is sent."),
			col("created_at", t, "When the message was created."),
			col("updated_at", t, "When the message was last updated."),
		),
		Paths: []schema.AccessPath{
			childList("by_invoice", "/invoices/{invoice_id}/messages", "invoice_id", "invoices.id", "invoice_messages", updatedSince),
		},
	}
}
