package sandbox

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The record types below mirror the JSON objects of the Aircall Public API
// v1 (reference §2.8), fields in the documented order. Calls and contacts
// carry UNIX-second timestamps; users, teams, numbers and webhooks carry
// ISO 8601 strings with milliseconds ("2022-03-01T10:00:00.000Z").

// AircallDataset holds every record an Aircall [Server] serves. Each slice
// is in creation order (ascending created_at, then id), which is the
// default order=asc of the list endpoints.
type AircallDataset struct {
	// Calls are sorted by (started_at, id) ascending; started_at is the
	// creation time that from/to filter on. There are Options.Rows calls.
	Calls []AircallCall
	// Users are the agents: clamp(Rows/100, 5, 30) of them.
	Users []AircallUser
	// Teams group users: clamp(len(Users)/4, 2, 6) of them.
	Teams []AircallTeam
	// Numbers are the company's phone lines: clamp(Rows/250, 3, 12).
	Numbers []AircallNumber
	// Contacts are the shared address book: clamp(Rows/10, 20, 3000).
	Contacts []AircallContact
	// Tags are the 8 call tags.
	Tags []AircallTag
	// Webhooks are the 3 registered webhooks.
	Webhooks []AircallWebhook
	// Company is the single row of GET /v1/company.
	Company AircallCompany
	// Availabilities maps a user id to its availability, served by
	// /v1/users/availabilities and /v1/users/{id}/availability.
	Availabilities map[int64]string
}

// AircallUserSummary is the user object nested in calls, teams and
// numbers.
type AircallUserSummary struct {
	// ID is the user's id.
	ID int64 `json:"id"`
	// DirectLink is the user's API URL.
	DirectLink string `json:"direct_link"`
	// Name is "first last".
	Name string `json:"name"`
	// Email is the user's e-mail address.
	Email string `json:"email"`
	// CreatedAt is the creation datetime (ISO 8601 with milliseconds).
	CreatedAt string `json:"created_at"`
	// Available tells whether the user is in working hours.
	Available bool `json:"available"`
	// AvailabilityStatus is "available", "custom" or "unavailable".
	AvailabilityStatus string `json:"availability_status"`
	// TimeZone is an IANA zone name.
	TimeZone string `json:"time_zone"`
	// Language is an IETF tag such as "en-US".
	Language string `json:"language"`
	// WrapUpTime is the wrap-up time in seconds.
	WrapUpTime int `json:"wrap_up_time"`
}

// AircallUser is a record of GET /v1/users.
type AircallUser struct {
	// ID is the user's id.
	ID int64 `json:"id"`
	// DirectLink is the user's API URL.
	DirectLink string `json:"direct_link"`
	// Name is "first last".
	Name string `json:"name"`
	// Email is the user's e-mail address.
	Email string `json:"email"`
	// CreatedAt is the creation datetime (ISO 8601 with milliseconds).
	CreatedAt string `json:"created_at"`
	// Available tells whether the user is in working hours.
	Available bool `json:"available"`
	// AvailabilityStatus is "available", "custom" or "unavailable".
	AvailabilityStatus string `json:"availability_status"`
	// Substatus refines the status ("always_opened", "out_for_lunch", ...).
	Substatus string `json:"substatus"`
	// Numbers are the numbers the user is assigned to; never nil.
	Numbers []AircallNumberRef `json:"numbers"`
	// TimeZone is an IANA zone name.
	TimeZone string `json:"time_zone"`
	// Language is an IETF tag such as "en-US".
	Language string `json:"language"`
	// WrapUpTime is the wrap-up time in seconds.
	WrapUpTime int `json:"wrap_up_time"`
}

// AircallNumberMessages are the URLs of a number's recorded messages.
type AircallNumberMessages struct {
	// Welcome is the welcome message.
	Welcome string `json:"welcome"`
	// Waiting is the waiting music.
	Waiting string `json:"waiting"`
	// RingingTone is the ringing tone.
	RingingTone string `json:"ringing_tone"`
	// UnansweredCall is the unanswered-call message.
	UnansweredCall string `json:"unanswered_call"`
	// AfterHours is the after-hours message.
	AfterHours string `json:"after_hours"`
	// IVR is the IVR menu message.
	IVR string `json:"ivr"`
	// Voicemail is the voicemail greeting.
	Voicemail string `json:"voicemail"`
	// Closed is the closed message.
	Closed string `json:"closed"`
	// CallbackLater is the call-back-later message.
	CallbackLater string `json:"callback_later"`
}

// AircallNumberRef is the number object nested in calls and users.
type AircallNumberRef struct {
	// ID is the number's id.
	ID int64 `json:"id"`
	// DirectLink is the number's API URL.
	DirectLink string `json:"direct_link"`
	// Name is the line's name.
	Name string `json:"name"`
	// Digits is the number in international format.
	Digits string `json:"digits"`
	// CreatedAt is the creation datetime (ISO 8601 with milliseconds).
	CreatedAt string `json:"created_at"`
	// Country is an ISO 3166 alpha-2 code.
	Country string `json:"country"`
	// TimeZone is an IANA zone name.
	TimeZone string `json:"time_zone"`
	// Open tells whether the line is open (deprecated).
	Open bool `json:"open"`
	// AvailabilityStatus is "open", "custom" or "closed" (deprecated).
	AvailabilityStatus string `json:"availability_status"`
	// IsIVR tells whether the line has an IVR (deprecated).
	IsIVR bool `json:"is_ivr"`
	// LiveRecordingActivated tells whether calls are recorded.
	LiveRecordingActivated bool `json:"live_recording_activated"`
	// Priority is nil, 0 or 1.
	Priority *int `json:"priority"`
	// Messages are the line's recorded messages.
	Messages AircallNumberMessages `json:"messages"`
}

// AircallNumber is a record of GET /v1/numbers: the number object plus
// the users assigned to it.
type AircallNumber struct {
	// ID is the number's id.
	ID int64 `json:"id"`
	// DirectLink is the number's API URL.
	DirectLink string `json:"direct_link"`
	// Name is the line's name.
	Name string `json:"name"`
	// Digits is the number in international format.
	Digits string `json:"digits"`
	// CreatedAt is the creation datetime (ISO 8601 with milliseconds).
	CreatedAt string `json:"created_at"`
	// Country is an ISO 3166 alpha-2 code.
	Country string `json:"country"`
	// TimeZone is an IANA zone name.
	TimeZone string `json:"time_zone"`
	// Open tells whether the line is open (deprecated).
	Open bool `json:"open"`
	// AvailabilityStatus is "open", "custom" or "closed" (deprecated).
	AvailabilityStatus string `json:"availability_status"`
	// IsIVR tells whether the line has an IVR (deprecated).
	IsIVR bool `json:"is_ivr"`
	// LiveRecordingActivated tells whether calls are recorded.
	LiveRecordingActivated bool `json:"live_recording_activated"`
	// Priority is nil, 0 or 1.
	Priority *int `json:"priority"`
	// Messages are the line's recorded messages.
	Messages AircallNumberMessages `json:"messages"`
	// Users are the users assigned to the line; never nil.
	Users []AircallUserSummary `json:"users"`
}

// AircallTeam is a record of GET /v1/teams, also nested in calls.
type AircallTeam struct {
	// ID is the team's id.
	ID int64 `json:"id"`
	// DirectLink is the team's API URL.
	DirectLink string `json:"direct_link"`
	// Name is the team's unique name.
	Name string `json:"name"`
	// CreatedAt is the creation datetime (ISO 8601 with milliseconds).
	CreatedAt string `json:"created_at"`
	// Users are the team's members; never nil.
	Users []AircallUserSummary `json:"users"`
}

// AircallContactDetail is a phone number or e-mail of a contact.
type AircallContactDetail struct {
	// ID is the detail's id.
	ID int64 `json:"id"`
	// Label is "Work", "Mobile", "Home", ...
	Label string `json:"label"`
	// Value is the phone number or address.
	Value string `json:"value"`
}

// AircallContact is a record of GET /v1/contacts, also nested in calls
// (with fetch_contact=true).
type AircallContact struct {
	// ID is the contact's id.
	ID int64 `json:"id"`
	// DirectLink is the contact's API URL.
	DirectLink string `json:"direct_link"`
	// FirstName is the first name.
	FirstName string `json:"first_name"`
	// LastName is the last name.
	LastName string `json:"last_name"`
	// CompanyName is the contact's company.
	CompanyName string `json:"company_name"`
	// Description is free text.
	Description string `json:"description"`
	// Information is free text (a job title, ...).
	Information string `json:"information"`
	// IsShared tells whether the contact is shared with the company.
	IsShared bool `json:"is_shared"`
	// CreatedAt is the creation time in UNIX seconds.
	CreatedAt int64 `json:"created_at"`
	// UpdatedAt is the last update time in UNIX seconds.
	UpdatedAt int64 `json:"updated_at"`
	// PhoneNumbers are the contact's numbers; never nil.
	PhoneNumbers []AircallContactDetail `json:"phone_numbers"`
	// Emails are the contact's addresses; never nil.
	Emails []AircallContactDetail `json:"emails"`
}

// AircallTag is a record of GET /v1/tags.
type AircallTag struct {
	// ID is the tag's id.
	ID int64 `json:"id"`
	// DirectLink is the tag's API URL.
	DirectLink string `json:"direct_link"`
	// Name is the tag's name.
	Name string `json:"name"`
	// Color is a hex color such as "#FF5733".
	Color string `json:"color"`
	// Description is free text.
	Description string `json:"description"`
}

// AircallCallTag is a tag applied to a call.
type AircallCallTag struct {
	// ID is the tag's id.
	ID int64 `json:"id"`
	// Name is the tag's name.
	Name string `json:"name"`
	// CreatedAt is when the tag was applied, in UNIX seconds.
	CreatedAt int64 `json:"created_at"`
	// TaggedBy is the user who applied it.
	TaggedBy *AircallUserSummary `json:"tagged_by"`
}

// AircallComment is a note on a call.
type AircallComment struct {
	// ID is the comment's id.
	ID int64 `json:"id"`
	// Content is the text.
	Content string `json:"content"`
	// PostedAt is the posting time in UNIX seconds.
	PostedAt int64 `json:"posted_at"`
	// PostedBy is the author, nil when posted through the API.
	PostedBy *AircallUserSummary `json:"posted_by"`
}

// AircallParticipant is a participant of a conference call.
type AircallParticipant struct {
	// ID is the participant's id, a string.
	ID string `json:"id"`
	// Type is "user", "contact" or "external".
	Type string `json:"type"`
	// Name is the participant's name.
	Name string `json:"name"`
	// PhoneNumber is the participant's number.
	PhoneNumber string `json:"phone_number"`
}

// AircallIVROption is an IVR choice made during a call (fetch_call_timeline).
type AircallIVROption struct {
	// ID is the option's id, a string.
	ID string `json:"id"`
	// Title is the option's title.
	Title string `json:"title"`
	// Key is the key pressed.
	Key string `json:"key"`
	// Branch is the branch taken.
	Branch string `json:"branch"`
	// CreatedAt is an ISO 8601 datetime.
	CreatedAt string `json:"created_at"`
	// TransitionStartedAt is an ISO 8601 datetime.
	TransitionStartedAt string `json:"transition_started_at"`
	// TransitionEndedAt is an ISO 8601 datetime.
	TransitionEndedAt string `json:"transition_ended_at"`
}

// AircallCall is a record of GET /v1/calls. The dataset holds every field;
// the API serves Contact only with fetch_contact=true, RecordingShortURL
// and VoicemailShortURL only with fetch_short_urls=true, and
// IVROptionsSelected only with fetch_call_timeline=true (null otherwise).
type AircallCall struct {
	// ID is the call's id (int64).
	ID int64 `json:"id"`
	// SID is the call's unique string id.
	SID string `json:"sid"`
	// DirectLink is the call's API URL.
	DirectLink string `json:"direct_link"`
	// StartedAt is the start (creation) time in UNIX seconds.
	StartedAt int64 `json:"started_at"`
	// AnsweredAt is the answer time in UNIX seconds, nil if unanswered.
	AnsweredAt *int64 `json:"answered_at"`
	// EndedAt is the end time in UNIX seconds.
	EndedAt int64 `json:"ended_at"`
	// Duration is EndedAt - StartedAt, ringing included, in seconds.
	Duration int64 `json:"duration"`
	// Status is "initial", "answered" or "done".
	Status string `json:"status"`
	// Direction is "inbound" or "outbound".
	Direction string `json:"direction"`
	// RawDigits is the external number in international format, or
	// "anonymous".
	RawDigits string `json:"raw_digits"`
	// Asset is the secured page of the recording or voicemail, or nil.
	Asset *string `json:"asset"`
	// Recording is the recording's MP3 URL, or nil.
	Recording *string `json:"recording"`
	// RecordingShortURL is a short URL of the recording (fetch_short_urls).
	RecordingShortURL *string `json:"recording_short_url"`
	// Voicemail is the voicemail's MP3 URL, or nil.
	Voicemail *string `json:"voicemail"`
	// VoicemailShortURL is a short URL of the voicemail (fetch_short_urls).
	VoicemailShortURL *string `json:"voicemail_short_url"`
	// Archived is the "needs follow-up" flag.
	Archived bool `json:"archived"`
	// MissedCallReason explains an unanswered inbound call, or nil.
	MissedCallReason *string `json:"missed_call_reason"`
	// Cost is the deprecated cost in U.S. cents, a string.
	Cost string `json:"cost"`
	// CountryCodeA2 is the external number's country.
	CountryCodeA2 string `json:"country_code_a2"`
	// PricingType is "local" or "international".
	PricingType string `json:"pricing_type"`
	// Number is the Aircall number used.
	Number *AircallNumberRef `json:"number"`
	// User is the agent who took or made the call, nil if nobody answered.
	User *AircallUserSummary `json:"user"`
	// Contact is the external party's contact, nil when unknown.
	Contact *AircallContact `json:"contact"`
	// AssignedTo is the user the call is assigned to, or nil.
	AssignedTo *AircallUserSummary `json:"assigned_to"`
	// Teams are the teams the inbound call rang; never nil.
	Teams []AircallTeam `json:"teams"`
	// TransferredBy is who transferred the call, or nil.
	TransferredBy *AircallUserSummary `json:"transferred_by"`
	// TransferredTo is who received the transfer, or nil.
	TransferredTo *AircallUserSummary `json:"transferred_to"`
	// Comments are the call's notes; never nil.
	Comments []AircallComment `json:"comments"`
	// Tags are the call's tags; never nil.
	Tags []AircallCallTag `json:"tags"`
	// Participants are the conference participants; never nil.
	Participants []AircallParticipant `json:"participants"`
	// IVROptionsSelected are the IVR choices (fetch_call_timeline); never
	// nil in the dataset.
	IVROptionsSelected []AircallIVROption `json:"ivr_options_selected"`
}

// AircallWebhook is a record of GET /v1/webhooks.
type AircallWebhook struct {
	// WebhookID is the webhook's UUID.
	WebhookID string `json:"webhook_id"`
	// DirectLink is the webhook's API URL.
	DirectLink string `json:"direct_link"`
	// CreatedAt is the creation datetime (ISO 8601 with milliseconds).
	CreatedAt string `json:"created_at"`
	// CustomName is the webhook's name (default "Webhook").
	CustomName string `json:"custom_name"`
	// URL is where events are posted.
	URL string `json:"url"`
	// Active tells whether events are sent.
	Active bool `json:"active"`
	// Token identifies the Aircall account in payloads.
	Token string `json:"token"`
	// Events are the subscribed event names; never nil.
	Events []string `json:"events"`
}

// AircallCompany is the single record of GET /v1/company.
type AircallCompany struct {
	// Name is the company's name.
	Name string `json:"name"`
	// UsersCount is the number of users.
	UsersCount int `json:"users_count"`
	// NumbersCount is the number of numbers.
	NumbersCount int `json:"numbers_count"`
}

const aircallAPIBase = "https://api.aircall.io/v1"

// First ids of the Aircall tables.
const (
	aircallCallBaseID    = int64(812326457)
	aircallUserBaseID    = int64(1784786)
	aircallTeamBaseID    = int64(3512)
	aircallNumberBaseID  = int64(456)
	aircallContactBaseID = int64(2410757)
	aircallTagBaseID     = int64(11)
)

// Calls span this range of start times.
var (
	aircallFirstCall = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	aircallLastCall  = sandboxNow
)

var (
	aircallTeamNames   = []string{"Support", "Sales", "Billing", "Onboarding", "Customer Success", "Partners"}
	aircallNumberNames = []string{"Main Line", "Support US", "Sales US", "Support FR", "Billing", "Sales UK", "Partners", "Hotline DE", "Callback Line", "Events", "Recruiting", "Press"}
	aircallTimeZones   = []string{"America/New_York", "America/Los_Angeles", "Europe/Paris", "Europe/London", "Europe/Berlin", "Etc/UTC"}
	aircallLanguages   = []string{"en-US", "en-GB", "fr-FR", "de-DE", "es-ES"}
	aircallTagSpecs    = []struct{ name, color, desc string }{
		{"Sales", "#00B388", "Sales opportunity"}, {"Support", "#2D9CDB", "Support request"},
		{"Urgent", "#EB5757", "Needs an answer today"}, {"VIP", "#F2C94C", "Key account"},
		{"Follow-up", "#9B51E0", "Call back later"}, {"Billing", "#F2994A", "Invoices and payments"},
		{"Bug", "#FF5733", "Product defect reported"}, {"Feedback", "#6FCF97", "Product feedback"},
	}
	aircallCountries = []struct {
		code, prefix string
		format       func(g *generator) string
	}{
		{"US", "+1", func(g *generator) string { return fmt.Sprintf("+1 %03d-555-%04d", 200+g.pick(700), g.pick(10000)) }},
		{"FR", "+33", func(g *generator) string {
			return fmt.Sprintf("+33 6 %02d %02d %02d %02d", g.pick(100), g.pick(100), g.pick(100), g.pick(100))
		}},
		{"GB", "+44", func(g *generator) string { return fmt.Sprintf("+44 7700 %06d", g.pick(1000000)) }},
		{"DE", "+49", func(g *generator) string { return fmt.Sprintf("+49 151 %08d", g.pick(100000000)) }},
	}
	aircallMissedReasons = []string{"out_of_opening_hours", "short_abandoned", "abandoned_in_ivr",
		"abandoned_in_classic", "no_available_agent", "agents_did_not_answer"}
	aircallAvailabilities = []string{"available", "offline", "do_not_disturb", "in_call", "after_call_work"}
	aircallSubstatuses    = []string{"always_opened", "always_closed", "out_for_lunch", "on_a_break", "in_training", "doing_back_office"}
	aircallComments       = []string{"Customer asked for a quote.", "Call back tomorrow morning.", "Escalated to tier 2.",
		"Wants a demo next week.", "Payment issue solved.", "Left a voicemail.", "Sent the documentation by e-mail."}
	aircallCompanies   = []string{"Acme Corp", "Globex", "Initech", "Hooli", "Umbrella Labs", "Stark Logistics", "Wayne Enterprises", "Vandelay Industries", ""}
	aircallJobTitles   = []string{"CEO", "CTO", "Office manager", "Buyer", "Developer", "Accountant", ""}
	aircallEventsLists = [][]string{
		{"call.created", "call.ended", "call.tagged"},
		{"contact.created", "contact.updated", "contact.deleted"},
		{"user.opened", "user.closed", "number.opened", "number.closed"},
	}
)

// fmtISOMillis formats t like Aircall and Aha!: "2022-03-01T10:00:00.000Z".
func fmtISOMillis(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func clampInt(v, lo, hi int) int { return min(max(v, lo), hi) }

// generateAircall builds the Aircall data set from opts.Rows and opts.Seed.
func generateAircall(opts Options) *AircallDataset {
	g := &generator{r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x41524341))}
	rows := opts.Rows
	ds := &AircallDataset{Availabilities: map[int64]string{}}

	// Users.
	nUsers := clampInt(rows/100, 5, 30)
	userCreated := g.createdTimes(nUsers, time.Date(2021, 1, 4, 9, 0, 0, 0, time.UTC), time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC))
	fperm, lperm := g.r.Perm(len(firstNames)), g.r.Perm(len(lastNames))
	summaries := make([]*AircallUserSummary, nUsers)
	for i := range nUsers {
		first, last := firstNames[fperm[i%len(firstNames)]], lastNames[lperm[i%len(lastNames)]]
		if round := i / len(firstNames); round > 0 {
			first += strconv.Itoa(round + 1)
		}
		id := aircallUserBaseID + int64(i)*7
		u := AircallUser{
			ID:         id,
			DirectLink: fmt.Sprintf("%s/users/%d", aircallAPIBase, id),
			Name:       first + " " + last,
			Email:      strings.ToLower(first+"."+last) + "@example.com",
			CreatedAt:  fmtISOMillis(userCreated[i]),
			TimeZone:   aircallTimeZones[g.pick(len(aircallTimeZones))],
			Language:   aircallLanguages[g.pick(len(aircallLanguages))],
			WrapUpTime: []int{0, 0, 15, 30, 60}[g.pick(5)],
			Numbers:    []AircallNumberRef{},
		}
		switch r := g.r.Float64(); {
		case r < 0.6:
			u.AvailabilityStatus, u.Available = "available", true
		case r < 0.85:
			u.AvailabilityStatus, u.Available = "custom", g.chance(0.5)
		default:
			u.AvailabilityStatus = "unavailable"
		}
		u.Substatus = aircallSubstatuses[g.pick(len(aircallSubstatuses))]
		if u.AvailabilityStatus == "available" {
			u.Substatus = "always_opened"
		}
		ds.Users = append(ds.Users, u)
		ds.Availabilities[id] = aircallAvailabilities[g.pick(len(aircallAvailabilities))]
		summaries[i] = &AircallUserSummary{ID: u.ID, DirectLink: u.DirectLink, Name: u.Name, Email: u.Email,
			CreatedAt: u.CreatedAt, Available: u.Available, AvailabilityStatus: u.AvailabilityStatus,
			TimeZone: u.TimeZone, Language: u.Language, WrapUpTime: u.WrapUpTime}
	}

	// Teams: every user belongs to at least one.
	nTeams := clampInt(nUsers/4, 2, 6)
	teamCreated := g.createdTimes(nTeams, time.Date(2021, 2, 1, 9, 0, 0, 0, time.UTC), time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC))
	members := make([][]int, nTeams)
	for i := range nUsers {
		members[i%nTeams] = append(members[i%nTeams], i)
		if g.chance(0.2) {
			if t := g.pick(nTeams); t != i%nTeams {
				members[t] = append(members[t], i)
			}
		}
	}
	for t := range nTeams {
		slices.Sort(members[t])
		id := aircallTeamBaseID + int64(t)*3
		team := AircallTeam{ID: id, DirectLink: fmt.Sprintf("%s/teams/%d", aircallAPIBase, id),
			Name: aircallTeamNames[t], CreatedAt: fmtISOMillis(teamCreated[t]), Users: []AircallUserSummary{}}
		for _, u := range members[t] {
			team.Users = append(team.Users, *summaries[u])
		}
		ds.Teams = append(ds.Teams, team)
	}

	// Numbers: each served by one team.
	nNumbers := clampInt(rows/250, 3, 12)
	numberCreated := g.createdTimes(nNumbers, time.Date(2021, 1, 10, 9, 0, 0, 0, time.UTC), time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC))
	numberTeam := make([]int, nNumbers)
	numberRefs := make([]*AircallNumberRef, nNumbers)
	for i := range nNumbers {
		numberTeam[i] = i % nTeams
		c := aircallCountries[[]int{0, 0, 1, 2, 3}[g.pick(5)]]
		id := aircallNumberBaseID + int64(i)*31
		ref := AircallNumberRef{
			ID:                     id,
			DirectLink:             fmt.Sprintf("%s/numbers/%d", aircallAPIBase, id),
			Name:                   aircallNumberNames[i%len(aircallNumberNames)],
			Digits:                 c.format(g),
			CreatedAt:              fmtISOMillis(numberCreated[i]),
			Country:                c.code,
			TimeZone:               aircallTimeZones[g.pick(len(aircallTimeZones))],
			Open:                   g.chance(0.8),
			IsIVR:                  g.chance(0.3),
			LiveRecordingActivated: g.chance(0.7),
		}
		ref.AvailabilityStatus = "open"
		if !ref.Open {
			ref.AvailabilityStatus = []string{"closed", "custom"}[g.pick(2)]
		}
		switch g.pick(3) {
		case 1:
			ref.Priority = ptr(0)
		case 2:
			ref.Priority = ptr(1)
		}
		msg := func(kind string) string {
			return fmt.Sprintf("https://assets.aircall.io/messages/%d/%s.mp3", id, kind)
		}
		ref.Messages = AircallNumberMessages{Welcome: msg("welcome"), Waiting: msg("waiting"), RingingTone: msg("ringing_tone"),
			UnansweredCall: msg("unanswered_call"), AfterHours: msg("after_hours"), IVR: msg("ivr"),
			Voicemail: msg("voicemail"), Closed: msg("closed"), CallbackLater: msg("callback_later")}
		numberRefs[i] = &ref
		n := AircallNumber{ID: ref.ID, DirectLink: ref.DirectLink, Name: ref.Name, Digits: ref.Digits,
			CreatedAt: ref.CreatedAt, Country: ref.Country, TimeZone: ref.TimeZone, Open: ref.Open,
			AvailabilityStatus: ref.AvailabilityStatus, IsIVR: ref.IsIVR, LiveRecordingActivated: ref.LiveRecordingActivated,
			Priority: clonePtr(ref.Priority), Messages: ref.Messages,
			Users: slices.Clone(ds.Teams[numberTeam[i]].Users)}
		ds.Numbers = append(ds.Numbers, n)
	}
	for i := range ds.Users {
		for n := range nNumbers {
			if slices.Contains(members[numberTeam[n]], i) {
				ref := *numberRefs[n]
				ref.Priority = clonePtr(ref.Priority)
				ds.Users[i].Numbers = append(ds.Users[i].Numbers, ref)
			}
		}
	}

	// Contacts.
	nContacts := clampInt(rows/10, 20, 3000)
	contactCreated := g.createdTimes(nContacts, time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC), aircallLastCall.Add(-24*time.Hour))
	detailID := int64(40000000)
	for i := range nContacts {
		first, last := firstNames[g.pick(len(firstNames))], lastNames[g.pick(len(lastNames))]
		id := aircallContactBaseID + int64(i)*3
		created := contactCreated[i]
		c := AircallContact{
			ID:           id,
			DirectLink:   fmt.Sprintf("%s/contacts/%d", aircallAPIBase, id),
			FirstName:    first,
			LastName:     last,
			CompanyName:  aircallCompanies[g.pick(len(aircallCompanies))],
			Information:  aircallJobTitles[g.pick(len(aircallJobTitles))],
			IsShared:     g.chance(0.9),
			CreatedAt:    created.Unix(),
			UpdatedAt:    g.updatedAfter(created, 0.4, 400*24*time.Hour).Unix(),
			PhoneNumbers: []AircallContactDetail{},
			Emails:       []AircallContactDetail{},
		}
		if g.chance(0.3) {
			c.Description = "Met at " + []string{"a trade show", "a webinar", "the user conference", "a partner event"}[g.pick(4)]
		}
		for k := range 1 + g.pick(2) {
			detailID += 1 + int64(g.pick(5))
			cc := aircallCountries[g.pick(len(aircallCountries))]
			c.PhoneNumbers = append(c.PhoneNumbers, AircallContactDetail{ID: detailID,
				Label: []string{"Work", "Mobile"}[k], Value: cc.format(g)})
		}
		if g.chance(0.8) {
			detailID += 1 + int64(g.pick(5))
			domain := "example.org"
			if c.CompanyName != "" {
				domain = strings.ToLower(strings.ReplaceAll(c.CompanyName, " ", "")) + ".com"
			}
			c.Emails = append(c.Emails, AircallContactDetail{ID: detailID, Label: "Work",
				Value: strings.ToLower(first+"."+last) + "@" + domain})
		}
		ds.Contacts = append(ds.Contacts, c)
	}

	// Tags.
	for i, spec := range aircallTagSpecs {
		id := aircallTagBaseID + int64(i)
		ds.Tags = append(ds.Tags, AircallTag{ID: id, DirectLink: fmt.Sprintf("%s/tags/%d", aircallAPIBase, id),
			Name: spec.name, Color: spec.color, Description: spec.desc})
	}

	// Webhooks.
	whCreated := g.createdTimes(len(aircallEventsLists), time.Date(2023, 2, 1, 9, 0, 0, 0, time.UTC), time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	for i, events := range aircallEventsLists {
		id := fmt.Sprintf("%s-%s-4%s-a%s-%s", g.hex(8), g.hex(4), g.hex(3), g.hex(3), g.hex(12))
		name := []string{"CRM sync", "Webhook", "Availability board"}[i]
		ds.Webhooks = append(ds.Webhooks, AircallWebhook{WebhookID: id,
			DirectLink: fmt.Sprintf("%s/webhooks/%s", aircallAPIBase, id), CreatedAt: fmtISOMillis(whCreated[i]),
			CustomName: name, URL: fmt.Sprintf("https://hooks.example.com/aircall/%d", i+1), Active: i != 2,
			Token: g.hex(32), Events: slices.Clone(events)})
	}

	ds.Company = AircallCompany{Name: "Sandbox Telecom", UsersCount: nUsers, NumbersCount: nNumbers}

	ds.Calls = generateCalls(g, rows, ds, summaries, numberRefs, numberTeam, members)
	return ds
}

// generateCalls builds rows calls sorted by (started_at, id).
func generateCalls(g *generator, rows int, ds *AircallDataset, users []*AircallUserSummary,
	numbers []*AircallNumberRef, numberTeam []int, members [][]int) []AircallCall {
	span := int64(aircallLastCall.Sub(aircallFirstCall) / time.Second)
	starts := make([]int64, rows)
	for i := range starts {
		starts[i] = aircallFirstCall.Unix() + g.r.Int64N(span)
	}
	slices.Sort(starts)
	teams := make([][]AircallTeam, len(ds.Teams)) // shared one-team slices
	for i := range ds.Teams {
		teams[i] = ds.Teams[i : i+1 : i+1]
	}
	noTeams := []AircallTeam{}
	calls := make([]AircallCall, rows)
	commentID := int64(310000000)
	for i := range calls {
		id := aircallCallBaseID + int64(i)*13
		start := starts[i]
		num := g.pick(len(numbers))
		c := AircallCall{
			ID:           id,
			SID:          "CA" + g.hex(32),
			DirectLink:   fmt.Sprintf("%s/calls/%d", aircallAPIBase, id),
			StartedAt:    start,
			Status:       "done",
			Direction:    "inbound",
			Cost:         "0.0",
			Number:       numbers[num],
			Teams:        noTeams,
			Comments:     []AircallComment{},
			Tags:         []AircallCallTag{},
			Participants: []AircallParticipant{},
		}
		if g.chance(0.4) {
			c.Direction = "outbound"
		}
		team := members[numberTeam[num]]
		agent := users[team[g.pick(len(team))]]
		if g.chance(0.6) {
			ct := &ds.Contacts[g.pick(len(ds.Contacts))]
			c.Contact = ct
			c.RawDigits = ct.PhoneNumbers[0].Value
		} else if c.Direction == "inbound" && g.chance(0.05) {
			c.RawDigits = "anonymous"
		} else {
			c.RawDigits = aircallCountries[g.pick(len(aircallCountries))].format(g)
		}
		c.CountryCodeA2, c.PricingType = numbers[num].Country, "local"
		for _, cc := range aircallCountries {
			if strings.HasPrefix(c.RawDigits, cc.prefix+" ") {
				c.CountryCodeA2 = cc.code
				if cc.code != numbers[num].Country {
					c.PricingType = "international"
				}
			}
		}
		ring := 3 + g.r.Int64N(25)
		answered := g.chance(0.72)
		var end int64
		if answered {
			at := start + ring
			c.AnsweredAt = &at
			end = at + 20 + g.r.Int64N(1200)
			c.User = agent
		} else {
			end = start + ring + g.r.Int64N(20)
		}
		c.EndedAt, c.Duration = end, end-start
		if c.Direction == "outbound" {
			c.User = agent
			c.Cost = strconv.FormatFloat(float64(1+g.pick(300))/10, 'f', 1, 64)
		} else {
			c.Teams = teams[numberTeam[num]]
			if !answered {
				c.MissedCallReason = &aircallMissedReasons[g.pick(len(aircallMissedReasons))]
			}
		}
		asset := fmt.Sprintf("https://assets.aircall.io/calls/%d/", id)
		short := func() *string { return ptr("https://short-urls.aircall.io/v1/" + g.hex(10)) }
		switch {
		case answered && numbers[num].LiveRecordingActivated:
			c.Recording = ptr(fmt.Sprintf("https://aircall-recordings.s3.amazonaws.com/calls/%d/recording.mp3", id))
			c.RecordingShortURL = short()
			c.Asset = ptr(asset + "recording")
		case !answered && c.Direction == "inbound" && g.chance(0.4):
			c.Voicemail = ptr(fmt.Sprintf("https://aircall-recordings.s3.amazonaws.com/calls/%d/voicemail.mp3", id))
			c.VoicemailShortURL = short()
			c.Asset = ptr(asset + "voicemail")
		}
		c.Archived = g.chance(0.3)
		if g.chance(0.1) {
			c.AssignedTo = users[g.pick(len(users))]
		}
		if answered && c.Direction == "inbound" && g.chance(0.05) {
			c.TransferredBy = agent
			c.TransferredTo = users[team[(slices.Index(team, slices.Index(users, agent))+1)%len(team)]]
		}
		if g.chance(0.15) {
			for range 1 + g.pick(2) {
				commentID += 1 + int64(g.pick(9))
				var by *AircallUserSummary
				if g.chance(0.8) {
					by = agent
				}
				c.Comments = append(c.Comments, AircallComment{ID: commentID,
					Content: aircallComments[g.pick(len(aircallComments))], PostedAt: end + 30 + g.r.Int64N(3600), PostedBy: by})
			}
		}
		if g.chance(0.3) {
			for _, k := range g.r.Perm(len(ds.Tags))[:1+g.pick(2)] {
				c.Tags = append(c.Tags, AircallCallTag{ID: ds.Tags[k].ID, Name: ds.Tags[k].Name,
					CreatedAt: end + 5 + g.r.Int64N(600), TaggedBy: agent})
			}
		}
		if answered && g.chance(0.03) {
			c.Participants = []AircallParticipant{
				{ID: "PA" + g.hex(16), Type: "user", Name: agent.Name, PhoneNumber: numbers[num].Digits},
				{ID: "PA" + g.hex(16), Type: "external", Name: c.RawDigits, PhoneNumber: c.RawDigits},
				{ID: "PA" + g.hex(16), Type: "contact", Name: "Conference guest", PhoneNumber: aircallCountries[0].format(g)},
			}
		}
		c.IVROptionsSelected = []AircallIVROption{}
		if numbers[num].IsIVR && c.Direction == "inbound" {
			key := 1 + g.pick(3)
			t0 := time.Unix(start+1, 0)
			c.IVROptionsSelected = append(c.IVROptionsSelected, AircallIVROption{
				ID: g.hex(24), Title: []string{"Sales", "Support", "Billing"}[key-1], Key: strconv.Itoa(key),
				Branch:              []string{"Sales queue", "Support queue", "Billing queue"}[key-1],
				CreatedAt:           fmtISOMillis(t0),
				TransitionStartedAt: fmtISOMillis(t0),
				TransitionEndedAt:   fmtISOMillis(t0.Add(time.Duration(1+g.pick(int(ring))) * time.Second)),
			})
		}
		calls[i] = c
	}
	return calls
}

// Deep copies.

func cloneUserSummary(u *AircallUserSummary) *AircallUserSummary { return clonePtr(u) }

func cloneNumberRef(n AircallNumberRef) AircallNumberRef {
	n.Priority = clonePtr(n.Priority)
	return n
}

func cloneAircallContact(c AircallContact) AircallContact {
	c.PhoneNumbers = slices.Clone(c.PhoneNumbers)
	c.Emails = slices.Clone(c.Emails)
	return c
}

func cloneAircallTeam(t AircallTeam) AircallTeam {
	t.Users = slices.Clone(t.Users)
	return t
}

func cloneAircallCall(c AircallCall) AircallCall {
	c.AnsweredAt = clonePtr(c.AnsweredAt)
	c.Asset = clonePtr(c.Asset)
	c.Recording = clonePtr(c.Recording)
	c.RecordingShortURL = clonePtr(c.RecordingShortURL)
	c.Voicemail = clonePtr(c.Voicemail)
	c.VoicemailShortURL = clonePtr(c.VoicemailShortURL)
	c.MissedCallReason = clonePtr(c.MissedCallReason)
	if c.Number != nil {
		c.Number = ptr(cloneNumberRef(*c.Number))
	}
	c.User = cloneUserSummary(c.User)
	if c.Contact != nil {
		c.Contact = ptr(cloneAircallContact(*c.Contact))
	}
	c.AssignedTo = cloneUserSummary(c.AssignedTo)
	teams := make([]AircallTeam, len(c.Teams))
	for i, t := range c.Teams {
		teams[i] = cloneAircallTeam(t)
	}
	c.Teams = teams
	c.TransferredBy = cloneUserSummary(c.TransferredBy)
	c.TransferredTo = cloneUserSummary(c.TransferredTo)
	comments := make([]AircallComment, len(c.Comments))
	for i, cm := range c.Comments {
		cm.PostedBy = cloneUserSummary(cm.PostedBy)
		comments[i] = cm
	}
	c.Comments = comments
	tags := make([]AircallCallTag, len(c.Tags))
	for i, t := range c.Tags {
		t.TaggedBy = cloneUserSummary(t.TaggedBy)
		tags[i] = t
	}
	c.Tags = tags
	c.Participants = slices.Clone(c.Participants)
	if c.Participants == nil {
		c.Participants = []AircallParticipant{}
	}
	c.IVROptionsSelected = slices.Clone(c.IVROptionsSelected)
	if c.IVROptionsSelected == nil {
		c.IVROptionsSelected = []AircallIVROption{}
	}
	return c
}

// clone returns a deep copy of d.
func (d *AircallDataset) clone() *AircallDataset {
	out := &AircallDataset{
		Calls:          make([]AircallCall, len(d.Calls)),
		Users:          make([]AircallUser, len(d.Users)),
		Teams:          make([]AircallTeam, len(d.Teams)),
		Numbers:        make([]AircallNumber, len(d.Numbers)),
		Contacts:       make([]AircallContact, len(d.Contacts)),
		Tags:           slices.Clone(d.Tags),
		Webhooks:       make([]AircallWebhook, len(d.Webhooks)),
		Company:        d.Company,
		Availabilities: make(map[int64]string, len(d.Availabilities)),
	}
	for i, c := range d.Calls {
		out.Calls[i] = cloneAircallCall(c)
	}
	for i, u := range d.Users {
		nums := make([]AircallNumberRef, len(u.Numbers))
		for k, n := range u.Numbers {
			nums[k] = cloneNumberRef(n)
		}
		u.Numbers = nums
		out.Users[i] = u
	}
	for i, t := range d.Teams {
		out.Teams[i] = cloneAircallTeam(t)
	}
	for i, n := range d.Numbers {
		n.Priority = clonePtr(n.Priority)
		n.Users = slices.Clone(n.Users)
		out.Numbers[i] = n
	}
	for i, c := range d.Contacts {
		out.Contacts[i] = cloneAircallContact(c)
	}
	for i, w := range d.Webhooks {
		w.Events = slices.Clone(w.Events)
		out.Webhooks[i] = w
	}
	for k, v := range d.Availabilities {
		out.Availabilities[k] = v
	}
	return out
}
