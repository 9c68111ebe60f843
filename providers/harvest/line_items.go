package harvest

import "github.com/saasapi/saasapi/schema"

// lineItems is a table of the line_items array of invoices or estimates:
// one row per line item, with the enclosing document's id and the columns
// its filters need, read through the document's own endpoints.
func lineItems(table, parent, doc string, project bool) *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		d = schema.TypeDate
		t = schema.TypeTimestamp
	)
	singular := parent[:len(parent)-1]
	parentCols := []schema.Column{
		{Name: singular + "_id", Type: i, Path: "^.id", Doc: "The " + singular + " the line is on (" + parent + ".id)."},
		{Name: "client_id", Type: i, Path: "^.client.id", Doc: "Client of the " + singular + "."},
		{Name: "state", Type: s, Path: "^.state", Doc: "State of the " + singular + "."},
		{Name: "issue_date", Type: d, Path: "^.issue_date", Doc: "Issue date of the " + singular + "."},
		{Name: "updated_at", Type: t, Path: "^.updated_at", Doc: "When the " + singular + " was last updated."},
	}
	lineCols := []schema.Column{
		key("Unique ID of the line item."),
		col("kind", s, "Item category name (Service, Product, …)."),
		col("description", s, "Text of the line."),
		col("quantity", r, "Quantity."),
		col("unit_price", r, "Price of one unit."),
		col("amount", r, "quantity × unit_price."),
		col("taxed", b, "Whether the first tax applies."),
		col("taxed2", b, "Whether the second tax applies."),
	}
	if project {
		lineCols = append(lineCols, nested("project", "Project of the line",
			col("id", i, "project ID"), col("name", s, "project name"), col("code", s, "project code"))...)
	}
	return &schema.Table{
		Name:    table,
		Doc:     doc,
		Rows:    2000,
		Explode: "line_items",
		Columns: cols(parentCols, lineCols),
		Paths: []schema.AccessPath{
			{Name: "list", Path: "/" + parent, Records: parent, Filters: []schema.Filter{
				idEq("client_id"),
				{Column: "updated_at", Param: "updated_since", Ops: since, Format: schema.FormatDateTime},
				{Column: "issue_date", Param: "from", Ops: lower, Format: schema.FormatDate},
				{Column: "issue_date", Param: "to", Ops: upper, Format: schema.FormatDate},
				{Column: "state", Param: "state", Ops: eq, Exact: true},
			}},
			{Name: "by_" + singular, Path: "/" + parent + "/{" + singular + "_id}", Keys: []string{singular + "_id"}, NotFoundIsEmpty: true},
		},
	}
}

func invoiceLineItems() *schema.Table {
	return lineItems("invoice_line_items", "invoices",
		"Line items of invoices, one row per item (the line_items array of GET /v2/invoices, or of GET /v2/invoices/{invoice_id} when WHERE gives invoice_id).", true)
}

func estimateLineItems() *schema.Table {
	return lineItems("estimate_line_items", "estimates",
		"Line items of estimates, one row per item (the line_items array of GET /v2/estimates, or of GET /v2/estimates/{estimate_id} when WHERE gives estimate_id).", false)
}
