package harvest

import (
	"time"

	"github.com/saasapi/saasapi/schema"
)

// The time, expense and uninvoiced reports need a date range: from_date
// and to_date are input columns, given in WHERE and sent as from and to
// (both required, at most a year apart).

const reportsNote = " (the Reports API: 100 requests per 15 minutes). Needs WHERE from_date = … AND to_date = … (at most a year apart)."

func reportRange() []schema.Column {
	return []schema.Column{
		{Name: "from_date", Type: schema.TypeDate, Input: true, Doc: "Start of the report's range (inclusive), given in WHERE; sent as from."},
		{Name: "to_date", Type: schema.TypeDate, Input: true, Doc: "End of the report's range (inclusive), given in WHERE; sent as to."},
	}
}

// reportsBudget is the Reports API's own rate limit.
var reportsBudget = &schema.RateLimit{Requests: 100, Period: 15 * time.Minute}

func reportPath(path string) []schema.AccessPath {
	return []schema.AccessPath{{Name: "report", Path: path, Records: "results", RateLimit: reportsBudget, Filters: []schema.Filter{
		{Column: "from_date", Param: "from", Ops: eq, Format: schema.FormatDate, Exact: true, Required: true},
		{Column: "to_date", Param: "to", Ops: eq, Format: schema.FormatDate, Exact: true, Required: true},
	}}}
}

// subject are the columns naming what a report row is about; the first is
// the key (rows are per subject and currency).
func subject(fields ...string) []schema.Column {
	docs := map[string]string{
		"client_id": "Client ID.", "client_name": "Client name.", "project_id": "Project ID.", "project_name": "Project name.",
		"task_id": "Task ID.", "task_name": "Task name.", "user_id": "User ID.", "user_name": "User name.",
		"expense_category_id": "Expense category ID.", "expense_category_name": "Expense category name.",
		"weekly_capacity": "Capacity per week in seconds.", "avatar_url": "URL of the avatar.", "is_contractor": "Whether the user is a contractor.",
	}
	types := map[string]schema.Type{"weekly_capacity": schema.TypeInteger, "is_contractor": schema.TypeBoolean}
	out := make([]schema.Column, len(fields))
	for i, f := range fields {
		t, ok := types[f]
		if !ok {
			t = schema.TypeText
			if len(f) > 3 && f[len(f)-3:] == "_id" {
				t = schema.TypeInteger
			}
		}
		out[i] = schema.Column{Name: f, Type: t, Key: i == 0, Doc: docs[f]}
	}
	return out
}

// currencyKey is the second part of a report row's key: a subject has
// one row per currency.
func currencyKey() schema.Column {
	return schema.Column{Name: "currency", Type: schema.TypeText, Key: true,
		Doc: "Currency of the amounts; a subject has one row per currency (the row is identified by subject and currency)."}
}

func timeReport(name, path, doc string, fields ...string) *schema.Table {
	return &schema.Table{
		Name: name, Rows: 100, Doc: doc + " GET /v2" + path + reportsNote,
		Columns: cols(subject(fields...), one(
			col("total_hours", schema.TypeReal, "Hours tracked in the range."),
			col("billable_hours", schema.TypeReal, "Billable hours tracked in the range."),
			currencyKey(),
			col("billable_amount", schema.TypeReal, "Billable amount of the hours."),
		), reportRange()),
		Paths: reportPath(path),
	}
}

func expenseReport(name, path, doc string, fields ...string) *schema.Table {
	return &schema.Table{
		Name: name, Rows: 100, Doc: doc + " GET /v2" + path + reportsNote,
		Columns: cols(subject(fields...), one(
			col("total_amount", schema.TypeReal, "Amount of the expenses in the range."),
			col("billable_amount", schema.TypeReal, "Billable amount of the expenses."),
			currencyKey(),
		), reportRange()),
		Paths: reportPath(path),
	}
}

func reports() []*schema.Table {
	return []*schema.Table{
		timeReport("time_report_clients", "/reports/time/clients", "Hours and billable amounts per client.", "client_id", "client_name"),
		timeReport("time_report_projects", "/reports/time/projects", "Hours and billable amounts per project.", "project_id", "project_name", "client_id", "client_name"),
		timeReport("time_report_tasks", "/reports/time/tasks", "Hours and billable amounts per task.", "task_id", "task_name"),
		timeReport("time_report_team", "/reports/time/team", "Hours and billable amounts per user.", "user_id", "user_name", "is_contractor", "weekly_capacity", "avatar_url"),
		expenseReport("expense_report_clients", "/reports/expenses/clients", "Expenses per client.", "client_id", "client_name"),
		expenseReport("expense_report_projects", "/reports/expenses/projects", "Expenses per project.", "project_id", "project_name", "client_id", "client_name"),
		expenseReport("expense_report_categories", "/reports/expenses/categories", "Expenses per category.", "expense_category_id", "expense_category_name"),
		expenseReport("expense_report_team", "/reports/expenses/team", "Expenses per user.", "user_id", "user_name", "is_contractor"),
		{
			Name: "uninvoiced_report", Rows: 100,
			Doc: "Hours and expenses not yet invoiced, per project. GET /v2/reports/uninvoiced" + reportsNote,
			Columns: cols(subject("project_id", "project_name", "client_id", "client_name"), one(
				currencyKey(),
				col("total_hours", schema.TypeReal, "Hours tracked in the range."),
				col("uninvoiced_hours", schema.TypeReal, "Hours not yet invoiced."),
				col("uninvoiced_expenses", schema.TypeReal, "Expenses not yet invoiced."),
				col("uninvoiced_amount", schema.TypeReal, "Amount not yet invoiced."),
			), reportRange()),
			Paths: reportPath("/reports/uninvoiced"),
		},
	}
}
