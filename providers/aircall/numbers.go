package aircall

import "github.com/saasapi/saasapi/schema"

func numbers() *schema.Table {
	const (
		i = schema.TypeInteger
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	filters, w := created("created_at")
	return &schema.Table{
		Name: "numbers",
		Rows: 20,
		Doc:  "Phone numbers of the company, oldest first. GET /v1/numbers.",
		Columns: cols(
			one(
				key("Unique ID of the number."),
				col("direct_link", s, "API URL of the number."),
				col("name", s, "Name of the number."),
				col("digits", s, "The number, international format (\"+33 1 76 36 06 95\")."),
				col("e164_digits", s, "The number, E.164 format (sent in webhooks)."),
				col("created_at", t, "When the number was created."),
				col("country", s, "Country (ISO 3166 alpha-2)."),
				col("time_zone", s, "Time zone."),
				col("open", b, "Whether the number is open (deprecated with Smartflows)."),
				col("availability_status", s, "open, custom or closed (deprecated)."),
				col("is_ivr", b, "Whether the number has an IVR (deprecated)."),
				col("live_recording_activated", b, "Whether calls are recorded."),
				col("priority", i, "Priority: null, 0 or 1."),
				col("users", j, "Users assigned to the number, a JSON array of users."),
			),
			nested("messages", "Music and message URL",
				col("welcome", s, "welcome message"), col("waiting", s, "waiting music"),
				col("ringing_tone", s, "ringing tone"), col("unanswered_call", s, "unanswered call message"),
				col("after_hours", s, "after-hours message"), col("ivr", s, "IVR message"),
				col("voicemail", s, "voicemail message"), col("closed", s, "closed message"),
				col("callback_later", s, "callback-later message")),
		),
		Paths: []schema.AccessPath{list("numbers", filters, w), byID("numbers", "number")},
	}
}
