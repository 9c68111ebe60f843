package harvest

import "github.com/saasapi/saasapi/schema"

func invoiceItemCategories() *schema.Table {
	const (
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "invoice_item_categories",
		Rows: 10,
		Doc:  "Categories of invoice line items (the kind of a line item). GET /v2/invoice_item_categories.",
		Columns: one(
			key("Unique ID of the category."),
			col("name", s, "Name of the category."),
			col("use_as_service", b, "Whether the category is used for billable hours."),
			col("use_as_expense", b, "Whether the category is used for expenses."),
			col("created_at", t, "When the category was created."),
			col("updated_at", t, "When the category was last updated."),
		),
		Paths: paths("invoice_item_categories", updatedSince),
	}
}
