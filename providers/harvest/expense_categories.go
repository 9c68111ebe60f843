package harvest

import "github.com/saasapi/saasapi/schema"

func expenseCategories() *schema.Table {
	const (
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "expense_categories",
		Rows: 20,
		Doc:  "Expense categories, newest first. GET /v2/expense_categories.",
		Columns: one(
			key("Unique ID of the category."),
			col("name", s, "Name of the category."),
			col("unit_name", s, "Unit name, for unit-based categories (\"mile\")."),
			col("unit_price", r, "Price per unit, for unit-based categories."),
			col("is_active", b, "Whether the category is active or archived."),
			col("created_at", t, "When the category was created."),
			col("updated_at", t, "When the category was last updated."),
		),
		Paths: paths("expense_categories", boolEq("is_active"), updatedSince),
	}
}
