package aircall

import "github.com/saasapi/saasapi/schema"

func calls() *schema.Table {
	const (
		i = schema.TypeInteger
		s = schema.TypeText
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
		j = schema.TypeJSON
	)
	window, w := created("started_at")
	sw := *w
	search := append([]schema.Filter{
		{Column: "direction", Param: "direction", Ops: eq, Exact: true},
		{Column: "user_id", Param: "user_id", Ops: eq, Format: schema.FormatInteger, Exact: true},
		// The API's phone number matching (formats, spaces) is not
		// documented: the engine re-checks raw_digits.
		{Column: "raw_digits", Param: "phone_number", Ops: eq},
	}, window...)
	return &schema.Table{
		Name: "calls",
		Rows: 50000,
		Doc: "Calls, oldest first. GET /v1/calls, or GET /v1/calls/search when WHERE binds direction, user_id or raw_digits; " +
			"listings over 10,000 calls are split into started_at windows.",
		Columns: cols(
			one(
				key("Unique ID of the call."),
				col("sid", s, "Call SID (call_uuid in webhooks)."),
				col("direct_link", s, "API URL of the call."),
				col("started_at", t, "When the call started (ringing included)."),
				col("answered_at", t, "When the call was answered; null when unanswered."),
				col("ended_at", t, "When the call ended."),
				col("duration", i, "Duration in seconds, ringing included (ended_at - started_at)."),
				col("status", s, "initial, answered or done."),
				col("direction", s, "inbound or outbound."),
				col("raw_digits", s, "Number of the other party, international format, or \"anonymous\"."),
				col("asset", s, "Secured web page of the recording or voicemail."),
				col("recording", s, "Direct URL of the recording (MP3, short-lived)."),
				col("recording_short_url", s, "Short URL of the recording (only with fetch_short_urls)."),
				col("voicemail", s, "Direct URL of the voicemail (MP3, short-lived)."),
				col("voicemail_short_url", s, "Short URL of the voicemail (only with fetch_short_urls)."),
				col("archived", b, "Whether the call is archived (the \"needs follow-up\" flag is off)."),
				col("missed_call_reason", s, "out_of_opening_hours, short_abandoned, abandoned_in_ivr, abandoned_in_classic, no_available_agent or agents_did_not_answer."),
				col("cost", s, "Cost in U.S. cents (deprecated)."),
				col("country_code_a2", s, "Country of the other party (ISO 3166 alpha-2)."),
				col("pricing_type", s, "Pricing type of the call."),
			),
			nested("number", "Aircall number used",
				col("id", i, "number ID"), col("direct_link", s, "API URL"), col("name", s, "name"),
				col("digits", s, "number in international format"), col("created_at", t, "created"),
				col("country", s, "country (ISO 3166 alpha-2)"), col("time_zone", s, "time zone"),
				col("open", b, "whether open (deprecated)"), col("availability_status", s, "open, custom or closed (deprecated)"),
				col("is_ivr", b, "whether an IVR (deprecated)"), col("live_recording_activated", b, "whether calls are recorded"),
				col("priority", i, "priority (null, 0 or 1)"), col("messages", j, "message URLs, a JSON object")),
			nested("user", "User who took or made the call",
				col("id", i, "user ID"), col("direct_link", s, "API URL"), col("name", s, "name"),
				col("email", s, "email"), col("created_at", t, "created"), col("available", b, "whether available"),
				col("availability_status", s, "available, custom or unavailable"), col("time_zone", s, "time zone"),
				col("language", s, "language (IETF tag)")),
			nested("contact", "Contact of the other party (null when none; complete only with fetch_contact)",
				col("id", i, "contact ID"), col("direct_link", s, "API URL"), col("first_name", s, "first name"),
				col("last_name", s, "last name"), col("company_name", s, "company name"), col("description", s, "description"),
				col("information", s, "information"), col("is_shared", b, "whether shared with the whole company"),
				col("created_at", t, "created"), col("updated_at", t, "updated"),
				col("phone_numbers", j, "phone numbers, a JSON array of {id, label, value}"),
				col("emails", j, "emails, a JSON array of {id, label, value}")),
			userRef("assigned_to", "User the call is assigned to (null when none)"),
			userRef("transferred_by", "User who transferred the call (null when not transferred)"),
			userRef("transferred_to", "User the call was transferred to, the team's first user for a team (null when not transferred)"),
			one(
				col("teams", j, "Teams the inbound call was dispatched to, a JSON array of {id, direct_link, name, created_at, users}."),
				col("comments", j, "Notes, a JSON array of {id, content, posted_at (Unix seconds), posted_by (a user, null when posted through the API)}."),
				col("tags", j, "Tags, a JSON array of {id, name, created_at, tagged_by (a user)}."),
				col("participants", j, "Conference participants, a JSON array of {id, type (user, contact or external), name, phone_number}."),
				col("ivr_options_selected", j, "IVR options chosen (only with fetch_call_timeline), a JSON array of {id, title, key, branch, created_at, transition_started_at, transition_ended_at}."),
			),
		),
		Paths: withFetch(
			list("calls", window, w),
			schema.AccessPath{Name: "search", Path: "/calls/search", Records: "calls", Filters: search, Window: &sw},
			byID("calls", "call"),
		),
	}
}

// withFetch asks for the full contact and the short recording URLs, which
// the API leaves out unless told (fetch_call_timeline is not asked for: it
// covers only the last two months and costs the API more).
func withFetch(paths ...schema.AccessPath) []schema.AccessPath {
	for i := range paths {
		paths[i].Query = map[string]string{"fetch_contact": "true", "fetch_short_urls": "true"}
	}
	return paths
}
