package harvest

import "github.com/saasapi/saasapi/schema"

func invoices() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		d = schema.TypeDate
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	return &schema.Table{
		Name: "invoices",
		Rows: 1000,
		Doc:  "Invoices, newest issue_date first. GET /v2/invoices.",
		Columns: cols(
			one(key("Unique ID of the invoice.")),
			nested("client", "Client billed",
				col("id", i, "client ID"), col("name", s, "client name")),
			one(col("line_items", j, "Line items, a JSON array of {id, project{id,name,code}, kind, description, quantity, unit_price, amount, taxed, taxed2}.")),
			nested("estimate", "Estimate the invoice was created from (null when none)",
				col("id", i, "estimate ID")),
			nested("retainer", "Retainer the invoice draws on (null when none)",
				col("id", i, "retainer ID")),
			nested("creator", "User who created the invoice",
				col("id", i, "user ID"), col("name", s, "user name")),
			one(
				col("client_key", s, "Key of the client's invoice URL."),
				col("number", s, "Invoice number."),
				col("purchase_order", s, "Purchase order number."),
				col("amount", r, "Total amount, with taxes and discount."),
				col("due_amount", r, "Amount still due."),
				col("tax", r, "First tax rate, in percent."),
				col("tax_amount", r, "Amount of the first tax."),
				col("tax2", r, "Second tax rate, in percent."),
				col("tax2_amount", r, "Amount of the second tax."),
				col("discount", r, "Discount, in percent."),
				col("discount_amount", r, "Amount of the discount."),
				col("subject", s, "Subject of the invoice."),
				col("notes", s, "Notes on the invoice."),
				col("currency", s, "Currency code (ISO 4217)."),
				col("state", s, "draft, open, paid or closed."),
				col("period_start", d, "Start of the period billed."),
				col("period_end", d, "End of the period billed."),
				col("issue_date", d, "Date the invoice was issued."),
				col("due_date", d, "Date the invoice is due."),
				col("payment_term", s, "Payment term (\"upon receipt\", \"net 30\", …)."),
				col("payment_options", j, "Payment options offered (ach, credit_card, paypal), a JSON array."),
				col("sent_at", t, "When the invoice was sent."),
				col("paid_at", t, "When the invoice was paid."),
				col("paid_date", d, "Date the invoice was paid."),
				col("closed_at", t, "When the invoice was closed."),
				col("recurring_invoice_id", i, "ID of the recurring invoice that generated it."),
				col("created_at", t, "When the invoice was created."),
				col("updated_at", t, "When the invoice was last updated."),
			),
		),
		Paths: paths("invoices",
			idEq("client_id"), updatedSince,
			schema.Filter{Column: "issue_date", Param: "from", Ops: lower, Format: schema.FormatDate},
			schema.Filter{Column: "issue_date", Param: "to", Ops: upper, Format: schema.FormatDate},
			schema.Filter{Column: "state", Param: "state", Ops: eq, Exact: true},
		),
	}
}
