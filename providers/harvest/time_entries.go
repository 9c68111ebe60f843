package harvest

import "github.com/saasapi/saasapi/schema"

func timeEntries() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		d = schema.TypeDate
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "time_entries",
		Rows: 50000,
		Doc:  "Time entries, newest spent_date first. GET /v2/time_entries.",
		Columns: cols(
			one(key("Unique ID of the time entry."),
				col("spent_date", d, "Date of the time entry.")),
			nested("user", "User who tracked the entry",
				col("id", i, "user ID"), col("name", s, "user name")),
			nested("user_assignment", "User assignment of the entry",
				col("id", i, "ID"), col("is_project_manager", b, "whether the user manages the project"),
				col("is_active", b, "whether the assignment is active"), col("use_default_rates", b, "whether default rates apply"),
				col("budget", r, "budget"), col("created_at", t, "created"), col("updated_at", t, "updated"),
				col("hourly_rate", r, "hourly rate")),
			nested("client", "Client of the entry's project",
				col("id", i, "client ID"), col("name", s, "client name"), col("currency", s, "client currency")),
			nested("project", "Project of the entry",
				col("id", i, "project ID"), col("name", s, "project name"), col("code", s, "project code")),
			nested("task", "Task of the entry",
				col("id", i, "task ID"), col("name", s, "task name")),
			nested("task_assignment", "Task assignment of the entry",
				col("id", i, "ID"), col("billable", b, "whether billable"), col("is_active", b, "whether active"),
				col("created_at", t, "created"), col("updated_at", t, "updated"),
				col("hourly_rate", r, "hourly rate"), col("budget", r, "budget")),
			nested("external_reference", "Linked item of an integration (null when none)",
				col("id", s, "ID (a string)"), col("group_id", s, "group ID"), col("account_id", s, "account ID"),
				col("permalink", s, "permalink"), col("service", s, "service name"), col("service_icon_url", s, "service icon URL")),
			nested("invoice", "Invoice the entry is on (null until invoiced)",
				col("id", i, "invoice ID"), col("number", s, "invoice number")),
			one(
				col("hours", r, "Number of (decimal) hours tracked."),
				col("hours_without_timer", r, "Hours tracked before the running timer was last started."),
				col("rounded_hours", r, "Hours rounded per the company's time rounding setting."),
				col("notes", s, "Notes attached to the entry."),
				col("is_locked", b, "Whether the entry is locked (approved or invoiced)."),
				col("locked_reason", s, "Why the entry is locked."),
				col("approval_status", s, "unsubmitted, submitted or approved."),
				col("is_closed", b, "Whether the entry was approved through timesheet approval."),
				col("is_billed", b, "Whether the entry has been invoiced."),
				col("timer_started_at", t, "When the running timer started; null when stopped."),
				col("started_time", s, "Start time (\"3:00pm\") when tracking start and end times."),
				col("ended_time", s, "End time when tracking start and end times."),
				col("is_running", b, "Whether the timer is running."),
				col("billable", b, "Whether the entry is billable."),
				col("budgeted", b, "Whether the entry counts toward the project budget."),
				col("billable_rate", r, "Billable rate; null when not billable."),
				col("cost_rate", r, "Cost rate."),
				col("created_at", t, "When the entry was created."),
				col("updated_at", t, "When the entry was last updated."),
			),
		),
		Paths: windowed(spentWindow, paths("time_entries",
			idEq("user_id"), idEq("client_id"), idEq("project_id"), idEq("task_id"),
			schema.Filter{Column: "external_reference_id", Param: "external_reference_id", Ops: eq, Exact: true},
			boolEq("is_billed"), boolEq("is_running"),
			updatedSince,
			schema.Filter{Column: "spent_date", Param: "from", Ops: lower, Format: schema.FormatDate},
			schema.Filter{Column: "spent_date", Param: "to", Ops: upper, Format: schema.FormatDate},
		)),
	}
}
