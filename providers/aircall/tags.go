package aircall

import "github.com/saasapi/saasapi/schema"

func tags() *schema.Table {
	const s = schema.TypeText
	return &schema.Table{
		Name: "tags",
		Rows: 30,
		Doc:  "Tags put on calls. GET /v1/tags.",
		Columns: one(
			key("Unique ID of the tag."),
			col("direct_link", s, "API URL of the tag."),
			col("name", s, "Name of the tag."),
			col("color", s, "Color, hexadecimal (\"#FF5733\")."),
			col("description", s, "Description of the tag."),
		),
		Paths: []schema.AccessPath{list("tags", nil, nil), byID("tags", "tag")},
	}
}
