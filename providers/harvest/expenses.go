package harvest

import "github.com/saasapi/saasapi/schema"

func expenses() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		d = schema.TypeDate
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "expenses",
		Rows: 5000,
		Doc:  "Expenses, newest spent_date first. GET /v2/expenses.",
		Columns: cols(
			one(key("Unique ID of the expense.")),
			nested("client", "Client of the expense's project",
				col("id", i, "client ID"), col("name", s, "client name"), col("currency", s, "client currency")),
			nested("project", "Project of the expense",
				col("id", i, "project ID"), col("name", s, "project name"), col("code", s, "project code")),
			nested("expense_category", "Category of the expense",
				col("id", i, "category ID"), col("name", s, "category name"),
				col("unit_price", r, "price per unit"), col("unit_name", s, "unit name")),
			nested("user", "User who recorded the expense",
				col("id", i, "user ID"), col("name", s, "user name")),
			userAssignment(),
			nested("receipt", "Attached receipt (null when none)",
				col("url", s, "URL"), col("file_name", s, "file name"),
				col("file_size", i, "size in bytes"), col("content_type", s, "MIME type")),
			nested("invoice", "Invoice the expense is on (null until invoiced)",
				col("id", i, "invoice ID"), col("number", s, "invoice number")),
			one(
				col("notes", s, "Notes on the expense."),
				col("units", r, "Quantity of units, for unit-based categories."),
				col("total_cost", r, "Total amount of the expense."),
				col("billable", b, "Whether the expense is billable."),
				col("is_closed", b, "Whether the expense was approved."),
				col("is_locked", b, "Whether the expense is locked (approved or invoiced)."),
				col("is_billed", b, "Whether the expense has been invoiced."),
				col("locked_reason", s, "Why the expense is locked."),
				col("spent_date", d, "Date of the expense."),
				col("created_at", t, "When the expense was created."),
				col("updated_at", t, "When the expense was last updated."),
			),
		),
		Paths: windowed(spentWindow, paths("expenses",
			idEq("user_id"), idEq("client_id"), idEq("project_id"), boolEq("is_billed"), updatedSince,
			schema.Filter{Column: "spent_date", Param: "from", Ops: lower, Format: schema.FormatDate},
			schema.Filter{Column: "spent_date", Param: "to", Ops: upper, Format: schema.FormatDate},
		)),
	}
}
