package aircall

import "github.com/saasapi/saasapi/schema"

func webhooks() *schema.Table {
	const (
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	return &schema.Table{
		Name: "webhooks",
		Rows: 5,
		Doc:  "Webhooks registered on the company, oldest first. GET /v1/webhooks.",
		Columns: one(
			schema.Column{Name: "webhook_id", Type: s, Key: true, Doc: "Unique ID of the webhook (a UUID)."},
			col("direct_link", s, "API URL of the webhook."),
			col("created_at", t, "When the webhook was created."),
			col("custom_name", s, "Name of the webhook (default \"Webhook\")."),
			col("url", s, "URL the events are posted to."),
			col("active", b, "Whether the webhook is active."),
			col("token", s, "Token identifying the Aircall account in the payloads."),
			col("events", j, "Events sent, a JSON array of strings (\"call.created\")."),
		),
		Paths: []schema.AccessPath{
			list("webhooks", nil, nil),
			{Name: "by_id", Path: "/webhooks/{webhook_id}", Keys: []string{"webhook_id"}, NotFoundIsEmpty: true, Object: "webhook"},
		},
	}
}
