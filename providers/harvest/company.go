package harvest

import "github.com/saasapi/saasapi/schema"

func company() *schema.Table {
	const (
		i = schema.TypeInteger
		s = schema.TypeText
		b = schema.TypeBoolean
	)
	return &schema.Table{
		Name: "company",
		Rows: 1,
		Doc:  "The account's company settings, a single row. GET /v2/company (a bare object, not paginated).",
		Columns: one(
			col("base_uri", s, "URL of the account (https://SUBDOMAIN.harvestapp.com)."),
			schema.Column{Name: "full_domain", Type: s, Key: true, Doc: "Domain of the account (SUBDOMAIN.harvestapp.com); identifies the single row."},
			col("name", s, "Name of the company."),
			col("is_active", b, "Whether the company is active or archived."),
			col("week_start_day", s, "Saturday, Sunday or Monday."),
			col("wants_timestamp_timers", b, "Whether time is tracked with start and end times rather than durations."),
			col("time_format", s, "decimal or hours_minutes."),
			col("date_format", s, "Date format, as a strftime pattern (\"%m/%d/%Y\")."),
			col("plan_type", s, "Plan of the account."),
			col("clock", s, "12h or 24h."),
			col("currency_code_display", s, "How currency codes are shown."),
			col("currency_symbol_display", s, "How currency symbols are shown."),
			col("decimal_symbol", s, "Decimal separator."),
			col("thousands_separator", s, "Thousands separator."),
			col("color_scheme", s, "Color scheme of the account."),
			col("weekly_capacity", i, "Default weekly capacity in seconds (126000 = 35 hours)."),
			col("expense_feature", b, "Whether expenses are enabled."),
			col("invoice_feature", b, "Whether invoices are enabled."),
			col("estimate_feature", b, "Whether estimates are enabled."),
			col("approval_feature", b, "Whether timesheet approval is enabled."),
			col("team_feature", b, "Whether the team feature is enabled."),
		),
		Paths: []schema.AccessPath{{Name: "get", Path: "/company"}},
	}
}
