package aha

import "github.com/saasapi/saasapi/schema"

func products() *schema.Table {
	return &schema.Table{
		Name: "products",
		Rows: 20,
		Doc:  "Products (workspaces in the UI) and product lines. GET /api/v1/products.",
		Columns: one(
			key("Unique ID of the product"),
			col("reference_prefix", s, "Reference prefix (\"PRJ1\"); the API accepts it in place of the ID."),
			col("name", s, "Name of the product."),
			col("product_line", b, "Whether this is a product line (a group of products)."),
			col("created_at", t, "When the product was created."),
			col("workspace_type", s, "product_workspace, marketing_workspace, …"),
			col("url", s, "Web URL of the product."),
			col("parent_id", s, "ID of the parent product line (get-by-id and fields= only)."),
			col("custom_fields", j, "Custom fields, a JSON array of {key, name, value, type} (get-by-id and fields= only)."),
		),
		// updated_since is not pushed: the reference lists no updated_at
		// for products.
		Paths: []schema.AccessPath{list("list", "/products", "products"), byID("products", "product")},
	}
}
