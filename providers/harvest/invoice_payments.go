package harvest

import "github.com/saasapi/saasapi/schema"

func invoicePayments() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		d = schema.TypeDate
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "invoice_payments",
		Rows: 1000,
		Doc:  "Payments recorded on an invoice. GET /v2/invoices/{invoice_id}/payments; without invoice_id in WHERE, once per invoice.",
		Columns: cols(
			one(
				key("Unique ID of the payment."),
				pathKey("invoice_id", "ID of the invoice"),
				col("amount", r, "Amount paid."),
				col("paid_at", t, "When the payment was made."),
				col("paid_date", d, "Date the payment was made."),
				col("recorded_by", s, "Name of the person who recorded the payment."),
				col("recorded_by_email", s, "Email of the person who recorded the payment."),
				col("notes", s, "Notes on the payment."),
				col("transaction_id", s, "Transaction ID of the payment gateway."),
			),
			nested("payment_gateway", "Payment gateway used (null when none)",
				col("id", i, "gateway ID"), col("name", s, "gateway name")),
			one(
				col("created_at", t, "When the payment was recorded."),
				col("updated_at", t, "When the payment was last updated."),
			),
		),
		Paths: []schema.AccessPath{
			childList("by_invoice", "/invoices/{invoice_id}/payments", "invoice_id", "invoices.id", "invoice_payments", updatedSince),
		},
	}
}
