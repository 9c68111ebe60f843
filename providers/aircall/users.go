package aircall

import "github.com/saasapi/saasapi/schema"

func users() *schema.Table {
	const (
		i = schema.TypeInteger
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	filters, w := created("created_at")
	return &schema.Table{
		Name: "users",
		Rows: 50,
		Doc:  "Users (agents) of the company, oldest first. GET /v1/users.",
		Columns: one(
			key("Unique ID of the user."),
			col("direct_link", s, "API URL of the user."),
			col("name", s, "Full name (first and last name)."),
			col("email", s, "Email address."),
			col("created_at", t, "When the user was created."),
			col("available", b, "Whether the user is available, per their working hours."),
			col("availability_status", s, "available, custom or unavailable."),
			col("substatus", s, "Sub-status of the availability."),
			col("numbers", j, "Numbers the user is assigned to, a JSON array of numbers (may be absent from listings)."),
			col("time_zone", s, "Time zone (default Etc/UTC)."),
			col("language", s, "Language, an IETF tag (default en-US)."),
			col("wrap_up_time", i, "Wrap-up time after a call, in seconds."),
		),
		Paths: []schema.AccessPath{list("users", filters, w), byID("users", "user")},
	}
}
