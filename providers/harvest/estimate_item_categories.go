package harvest

import "github.com/saasapi/saasapi/schema"

func estimateItemCategories() *schema.Table {
	const (
		s = schema.TypeText
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "estimate_item_categories",
		Rows: 10,
		Doc:  "Categories of estimate line items (the kind of a line item). GET /v2/estimate_item_categories.",
		Columns: one(
			key("Unique ID of the category."),
			col("name", s, "Name of the category."),
			col("created_at", t, "When the category was created."),
			col("updated_at", t, "When the category was last updated."),
		),
		Paths: paths("estimate_item_categories", updatedSince),
	}
}
