package harvest

import "github.com/saasapi/saasapi/schema"

func projects() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
		d = schema.TypeDate
		t = schema.TypeTimestamp
	)
	return &schema.Table{
		Name: "projects",
		Rows: 300,
		Doc:  "Projects, newest first. GET /v2/projects.",
		Columns: cols(
			one(key("Unique ID of the project.")),
			nested("client", "Client of the project",
				col("id", i, "client ID"), col("name", s, "client name"), col("currency", s, "client currency")),
			one(
				col("name", s, "Name of the project."),
				col("code", s, "Project code."),
				col("is_active", b, "Whether the project is active or archived."),
				col("is_billable", b, "Whether the project is billable."),
				col("is_fixed_fee", b, "Whether the project is a fixed-fee project."),
				col("bill_by", s, "Project, Tasks, People or none."),
				col("hourly_rate", r, "Rate for projects billed by project hourly rate."),
				col("budget", r, "Budget in hours (or money, per budget_by)."),
				col("budget_by", s, "project, project_cost, task, task_fees, person or none."),
				col("budget_is_monthly", b, "Whether the budget resets every month."),
				col("notify_when_over_budget", b, "Whether project managers are notified over budget."),
				col("over_budget_notification_percentage", r, "Percentage of the budget that triggers the notification."),
				col("over_budget_notification_date", d, "When the last over-budget notification was sent."),
				col("show_budget_to_all", b, "Whether everyone on the project sees the budget."),
				col("cost_budget", r, "Monetary budget when budget_by is project_cost."),
				col("cost_budget_include_expenses", b, "Whether the cost budget includes expenses."),
				col("fee", r, "Amount charged for a fixed-fee project."),
				col("notes", s, "Notes about the project."),
				col("starts_on", d, "Start date."),
				col("ends_on", d, "End date."),
				col("created_at", t, "When the project was created."),
				col("updated_at", t, "When the project was last updated."),
			),
		),
		Paths: paths("projects", boolEq("is_active"), idEq("client_id"), updatedSince),
	}
}
