package harvest

import "github.com/saasapi/saasapi/schema"

func estimates() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		d = schema.TypeDate
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	return &schema.Table{
		Name: "estimates",
		Rows: 300,
		Doc:  "Estimates, newest issue_date first. GET /v2/estimates.",
		Columns: cols(
			one(key("Unique ID of the estimate.")),
			nested("client", "Client of the estimate",
				col("id", i, "client ID"), col("name", s, "client name")),
			one(col("line_items", j, "Line items, a JSON array of {id, kind, description, quantity, unit_price, amount, taxed, taxed2}.")),
			nested("creator", "User who created the estimate",
				col("id", i, "user ID"), col("name", s, "user name")),
			one(
				col("client_key", s, "Key of the client's estimate URL."),
				col("number", s, "Estimate number."),
				col("purchase_order", s, "Purchase order number."),
				col("amount", r, "Total amount, with taxes and discount."),
				col("tax", r, "First tax rate, in percent."),
				col("tax_amount", r, "Amount of the first tax."),
				col("tax2", r, "Second tax rate, in percent."),
				col("tax2_amount", r, "Amount of the second tax."),
				col("discount", r, "Discount, in percent."),
				col("discount_amount", r, "Amount of the discount."),
				col("subject", s, "Subject of the estimate."),
				col("notes", s, "Notes on the estimate."),
				col("currency", s, "Currency code (ISO 4217)."),
				col("state", s, "draft, sent, accepted or declined."),
				col("issue_date", d, "Date the estimate was issued."),
				col("sent_at", t, "When the estimate was sent."),
				col("accepted_at", t, "When the estimate was accepted."),
				col("declined_at", t, "When the estimate was declined."),
				col("created_at", t, "When the estimate was created."),
				col("updated_at", t, "When the estimate was last updated."),
			),
		),
		Paths: paths("estimates",
			idEq("client_id"), updatedSince,
			schema.Filter{Column: "issue_date", Param: "from", Ops: lower, Format: schema.FormatDate},
			schema.Filter{Column: "issue_date", Param: "to", Ops: upper, Format: schema.FormatDate},
			schema.Filter{Column: "state", Param: "state", Ops: eq, Exact: true},
		),
	}
}
