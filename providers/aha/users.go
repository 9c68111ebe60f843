package aha

import "github.com/saasapi/saasapi/schema"

func users() *schema.Table {
	return &schema.Table{
		Name: "users",
		Rows: 100,
		Doc:  "Users of the account. GET /api/v1/users.",
		Columns: one(
			key("Unique ID of the user"),
			col("name", s, "Full name."),
			col("email", s, "Email address."),
			col("created_at", t, "When the user was created."),
			col("updated_at", t, "When the user was last updated."),
			col("accessed_at", t, "When the user last used Aha!."),
			col("product_roles", j, "Roles per product (workspace), a JSON array."),
			col("enabled", b, "Whether the user is enabled."),
			col("paid_seat", b, "Whether the user takes a paid seat."),
			col("administrator", b, "Whether the user is an account administrator."),
			col("administrator_roles", j, "Administrator roles, a JSON object."),
			col("identity_provider", j, "Identity provider of the user, a JSON object."),
		),
		Paths: []schema.AccessPath{list("list", "/users", "users"), byID("users", "user")},
	}
}
