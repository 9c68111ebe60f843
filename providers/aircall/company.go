package aircall

import "github.com/saasapi/saasapi/schema"

func company() *schema.Table {
	const i = schema.TypeInteger
	return &schema.Table{
		Name: "company",
		Rows: 1,
		Doc:  "The company of the credentials, a single row. GET /v1/company.",
		Columns: one(
			schema.Column{Name: "name", Type: schema.TypeText, Key: true, Doc: "Name of the company; identifies the single row."},
			col("users_count", i, "Number of users."),
			col("numbers_count", i, "Number of phone numbers."),
		),
		Paths: []schema.AccessPath{{Name: "get", Path: "/company", Object: "company"}},
	}
}
