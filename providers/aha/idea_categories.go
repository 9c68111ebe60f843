package aha

import "github.com/saasapi/saasapi/schema"

func ideaCategories() *schema.Table {
	return &schema.Table{
		Name: "idea_categories",
		Rows: 100,
		Doc:  "Idea categories of a product. GET /api/v1/products/{product_id}/idea_categories; without product_id in WHERE, once per product.",
		Columns: one(
			key("Unique ID of the category"),
			col("name", s, "Name of the category."),
			col("parent_id", s, "ID of the parent category."),
			col("created_at", t, "When the category was created."),
			pathKey("product_id", "ID of the product"),
		),
		Paths: []schema.AccessPath{
			child("by_product", "/products/{product_id}/idea_categories", "product_id", "products.id", "idea_categories"),
		},
	}
}
