package aha

import "github.com/saasapi/saasapi/schema"

func competitors() *schema.Table {
	return &schema.Table{
		Name: "competitors",
		Rows: 50,
		Doc:  "Competitors of a product. GET /api/v1/products/{product_id}/competitors; without product_id in WHERE, once per product.",
		Columns: one(
			key("Unique ID of the competitor"),
			col("name", s, "Name of the competitor."),
			col("created_at", t, "When the competitor was created."),
			col("updated_at", t, "When the competitor was last updated."),
			col("url", s, "Web URL of the competitor."),
			col("resource", s, "API URL of the competitor."),
			pathKey("product_id", "ID of the product"),
		),
		Paths: []schema.AccessPath{
			child("by_product", "/products/{product_id}/competitors", "product_id", "products.id", "competitors"),
			byID("competitors", "competitor"),
		},
	}
}
