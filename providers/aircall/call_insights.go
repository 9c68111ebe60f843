package aircall

import "github.com/saasapi/saasapi/schema"

// callInsight is a per-call conversation-intelligence object
// (GET /v1/calls/{call_id}/transcription → {"transcription":{…}}): one row
// per call, the object kept whole as JSON, since the reference documents
// the envelope but not the fields. Without call_id in WHERE, the planner
// asks once per call.
func callInsight(table, endpoint, object, what string) *schema.Table {
	return &schema.Table{
		Name: table,
		Rows: 50000,
		Doc: "The " + what + " of a call (conversation intelligence; one row per call that has one). GET /v1/calls/{call_id}/" + endpoint +
			"; without call_id in WHERE, once per call.",
		Columns: one(
			schema.Column{Name: "call_id", Type: schema.TypeInteger, Key: true, Doc: "ID of the call (from the request path)."},
			schema.Column{Name: object, Type: schema.TypeJSON, Doc: "The " + what + ", the whole \"" + object + "\" object of the response as JSON."},
		),
		Paths: []schema.AccessPath{{
			Name: "by_call", Path: "/calls/{call_id}/" + endpoint, Keys: []string{"call_id"}, NotFoundIsEmpty: true,
			Parents: map[string]string{"call_id": "calls.id"},
		}},
	}
}
