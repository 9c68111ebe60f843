package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/sandbox"
)

var moreRecordKeys = map[string][]string{
	"contacts": {"id", "client", "title", "first_name", "last_name", "email", "phone_office", "phone_mobile", "fax", "created_at", "updated_at"},
	"invoices": {"id", "client_key", "number", "purchase_order", "amount", "due_amount", "tax", "tax_amount", "tax2", "tax2_amount",
		"discount", "discount_amount", "subject", "notes", "state", "period_start", "period_end", "issue_date", "due_date",
		"payment_term", "payment_options", "sent_at", "paid_at", "paid_date", "closed_at", "recurring_invoice_id", "created_at",
		"updated_at", "currency", "client", "estimate", "retainer", "creator", "line_items"},
	"invoice_item_categories": {"id", "name", "use_as_service", "use_as_expense", "created_at", "updated_at"},
	"estimates": {"id", "client_key", "number", "purchase_order", "amount", "tax", "tax_amount", "tax2", "tax2_amount", "discount",
		"discount_amount", "subject", "notes", "state", "issue_date", "sent_at", "accepted_at", "declined_at", "created_at",
		"updated_at", "currency", "client", "creator", "line_items"},
	"estimate_item_categories": {"id", "name", "created_at", "updated_at"},
	"expenses": {"id", "client", "project", "expense_category", "user", "user_assignment", "receipt", "invoice", "notes", "units",
		"total_cost", "billable", "is_closed", "is_locked", "is_billed", "locked_reason", "spent_date", "created_at", "updated_at"},
	"expense_categories": {"id", "name", "unit_name", "unit_price", "is_active", "created_at", "updated_at"},
	"task_assignments":   {"id", "project", "task", "is_active", "billable", "hourly_rate", "budget", "created_at", "updated_at"},
	"user_assignments": {"id", "project", "user", "is_active", "is_project_manager", "use_default_rates", "hourly_rate", "budget",
		"created_at", "updated_at"},
	"roles": {"id", "name", "user_ids", "created_at", "updated_at"},
}

// nestedPaths returns a path of each nested table for ds.
func nestedPaths(ds *sandbox.Dataset) map[string][]string {
	var inv sandbox.Invoice
	for _, v := range ds.Invoices {
		if v.State == "paid" {
			inv = v
		}
	}
	est := ds.EstimateMessages[0].EstimateID
	var mgr int64
	for _, u := range ds.Users {
		if slices.Contains(u.AccessRoles, "manager") {
			mgr = u.ID
		}
	}
	return map[string][]string{
		"invoice_messages": {fmt.Sprintf("/invoices/%d/messages", inv.ID), "id", "sent_by", "sent_by_email", "sent_from", "sent_from_email",
			"recipients", "subject", "body", "include_link_to_client_invoice", "attach_pdf", "send_me_a_copy", "thank_you",
			"event_type", "reminder", "send_reminder_on", "created_at", "updated_at"},
		"invoice_payments": {fmt.Sprintf("/invoices/%d/payments", inv.ID), "id", "amount", "paid_at", "paid_date", "recorded_by",
			"recorded_by_email", "notes", "transaction_id", "payment_gateway", "created_at", "updated_at"},
		"estimate_messages": {fmt.Sprintf("/estimates/%d/messages", est), "id", "sent_by", "sent_by_email", "sent_from", "sent_from_email",
			"recipients", "subject", "body", "send_me_a_copy", "event_type", "created_at", "updated_at"},
		"project_assignments": {"/users/me/project_assignments", "id", "is_active", "is_project_manager", "use_default_rates",
			"hourly_rate", "budget", "created_at", "updated_at", "project", "client", "task_assignments"},
		"billable_rates": {fmt.Sprintf("/users/%d/billable_rates", ds.BillableRates[0].UserID), "id", "amount", "start_date", "end_date", "created_at", "updated_at"},
		"cost_rates":     {fmt.Sprintf("/users/%d/cost_rates", ds.CostRates[0].UserID), "id", "amount", "start_date", "end_date", "created_at", "updated_at"},
		"teammates":      {fmt.Sprintf("/users/%d/teammates", mgr), "id", "first_name", "last_name", "email"},
	}
}

func TestHarvestMoreEnvelopesAndShapes(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 600})
	ds := s.Dataset()
	check := func(t *testing.T, path, key string, keys []string) {
		res := get(t, s, path+"?per_page=1")
		require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
		assert.Equal(t, []string{key, "per_page", "total_pages", "total_entries", "next_page", "previous_page", "page", "links"},
			topKeys(t, res.body))
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(res.body, &m))
		var recs []json.RawMessage
		require.NoError(t, json.Unmarshal(m[key], &recs))
		require.Len(t, recs, 1)
		assert.Equal(t, keys, topKeys(t, recs[0]))
		env := decodeList[json.RawMessage](t, key, res)
		if env.TotalEntries > 1 {
			require.NotNil(t, env.Links.Next)
			assert.True(t, strings.HasPrefix(*env.Links.Next, s.URL()+path+"?"), *env.Links.Next)
		}
	}
	for table, keys := range moreRecordKeys {
		t.Run(table, func(t *testing.T) { check(t, "/"+table, table, keys) })
	}
	for table, spec := range nestedPaths(ds) {
		t.Run(table, func(t *testing.T) { check(t, spec[0], table, spec[1:]) })
	}

	// Nested objects.
	res := get(t, s, fmt.Sprintf("/invoices/%d", ds.Invoices[0].ID))
	var inv map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(res.body, &inv))
	var lines []json.RawMessage
	require.NoError(t, json.Unmarshal(inv["line_items"], &lines))
	require.NotEmpty(t, lines)
	assert.Equal(t, []string{"id", "kind", "description", "quantity", "unit_price", "amount", "taxed", "taxed2", "project"}, topKeys(t, lines[0]))
	assert.Equal(t, []string{"id", "name"}, topKeys(t, inv["client"]))
	res = get(t, s, fmt.Sprintf("/estimates/%d", ds.Estimates[1].ID))
	var est map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(res.body, &est))
	require.NoError(t, json.Unmarshal(est["line_items"], &lines))
	assert.Equal(t, []string{"id", "kind", "description", "quantity", "unit_price", "amount", "taxed", "taxed2"}, topKeys(t, lines[0]))

	// The company is a bare object.
	res = get(t, s, "/company")
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, []string{"base_uri", "full_domain", "name", "is_active", "week_start_day", "wants_timestamp_timers",
		"time_format", "date_format", "plan_type", "expense_feature", "invoice_feature", "estimate_feature", "approval_feature",
		"team_feature", "clock", "currency_code_display", "currency_symbol_display", "decimal_symbol", "thousands_separator",
		"color_scheme", "weekly_capacity"}, topKeys(t, res.body))
	var company sandbox.Company
	require.NoError(t, json.Unmarshal(res.body, &company))
	assert.Equal(t, ds.Company, company)
}

func TestHarvestMoreListingsEqualDataset(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 700, Seed: 4})
	ds := s.Dataset()
	all := func(t *testing.T, key, path string, into any) int {
		t.Helper()
		var raw []json.RawMessage
		recs, pages := listAll[json.RawMessage](t, s, key, path)
		raw = append(raw, recs...)
		b, err := json.Marshal(raw)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, into))
		return pages
	}

	var contacts []sandbox.Contact
	all(t, "contacts", "/contacts?per_page=4", &contacts)
	assert.Equal(t, reversed(ds.Contacts), contacts)
	var invoices []sandbox.Invoice
	pages := all(t, "invoices", "/invoices?per_page=25", &invoices)
	assert.Equal(t, reversed(ds.Invoices), invoices)
	assert.Equal(t, (len(ds.Invoices)+24)/25, pages)
	var estimates []sandbox.Estimate
	all(t, "estimates", "/estimates", &estimates)
	assert.Equal(t, reversed(ds.Estimates), estimates)
	var expenses []sandbox.Expense
	all(t, "expenses", "/expenses?per_page=33", &expenses)
	assert.Equal(t, reversed(ds.Expenses), expenses)
	var ecats []sandbox.ExpenseCategory
	all(t, "expense_categories", "/expense_categories?per_page=4", &ecats)
	assert.Equal(t, reversed(ds.ExpenseCategories), ecats)
	var iic []sandbox.InvoiceItemCategory
	all(t, "invoice_item_categories", "/invoice_item_categories", &iic)
	assert.Equal(t, reversed(ds.InvoiceItemCategories), iic)
	var eic []sandbox.EstimateItemCategory
	all(t, "estimate_item_categories", "/estimate_item_categories", &eic)
	assert.Equal(t, reversed(ds.EstimateItemCategories), eic)
	var tas []sandbox.ProjectTaskAssignment
	pages = all(t, "task_assignments", "/task_assignments?per_page=40", &tas)
	assert.Equal(t, reversed(ds.TaskAssignments), tas)
	assert.Equal(t, (len(ds.TaskAssignments)+39)/40, pages, "cursor pages")
	var uas []sandbox.ProjectUserAssignment
	all(t, "user_assignments", "/user_assignments?per_page=40", &uas)
	assert.Equal(t, reversed(ds.UserAssignments), uas)
	var roles []sandbox.Role
	all(t, "roles", "/roles?per_page=2", &roles)
	assert.Equal(t, reversed(ds.Roles), roles)

	// Nested lists hold their parent's records.
	for _, inv := range ds.Invoices[len(ds.Invoices)-30:] {
		var msgs []sandbox.InvoiceMessage
		all(t, "invoice_messages", fmt.Sprintf("/invoices/%d/messages", inv.ID), &msgs)
		var want []sandbox.InvoiceMessage
		for _, m := range reversed(ds.InvoiceMessages) {
			if m.InvoiceID == inv.ID {
				m.InvoiceID = 0
				want = append(want, m)
			}
		}
		assert.Equal(t, want, msgs)
		var pays []sandbox.InvoicePayment
		all(t, "invoice_payments", fmt.Sprintf("/invoices/%d/payments", inv.ID), &pays)
		var wantP []sandbox.InvoicePayment
		for _, p := range reversed(ds.InvoicePayments) {
			if p.InvoiceID == inv.ID {
				p.InvoiceID = 0
				wantP = append(wantP, p)
			}
		}
		assert.Equal(t, wantP, pays)
	}
	for _, e := range ds.Estimates {
		var msgs []sandbox.EstimateMessage
		all(t, "estimate_messages", fmt.Sprintf("/estimates/%d/messages", e.ID), &msgs)
		n := 0
		for _, m := range ds.EstimateMessages {
			if m.EstimateID == e.ID {
				n++
			}
		}
		assert.Len(t, msgs, n)
	}
	for _, p := range ds.Projects[:5] {
		var got []sandbox.ProjectTaskAssignment
		all(t, "task_assignments", fmt.Sprintf("/projects/%d/task_assignments?per_page=2", p.ID), &got)
		var want []sandbox.ProjectTaskAssignment
		for _, ta := range reversed(ds.TaskAssignments) {
			if ta.Project.ID == p.ID {
				want = append(want, ta)
			}
		}
		assert.Equal(t, want, got)
		var gotU []sandbox.ProjectUserAssignment
		all(t, "user_assignments", fmt.Sprintf("/projects/%d/user_assignments?per_page=2", p.ID), &gotU)
		for _, ua := range gotU {
			assert.Equal(t, p.ID, ua.Project.ID)
		}
	}
	for _, u := range ds.Users {
		for _, kind := range []string{"billable_rates", "cost_rates"} {
			src := ds.BillableRates
			if kind == "cost_rates" {
				src = ds.CostRates
			}
			var got []sandbox.Rate
			all(t, kind, fmt.Sprintf("/users/%d/%s", u.ID, kind), &got)
			var want []sandbox.Rate
			for _, r := range src {
				if r.UserID == u.ID {
					r.UserID = 0
					want = append(want, r)
				}
			}
			assert.Equal(t, want, got, "%s of %d, oldest first", kind, u.ID)
		}
		var pas []sandbox.ProjectAssignment
		all(t, "project_assignments", fmt.Sprintf("/users/%d/project_assignments?per_page=3", u.ID), &pas)
		var want []sandbox.ProjectAssignment
		for _, pa := range reversed(ds.ProjectAssignments) {
			if pa.UserID == u.ID {
				pa.UserID = 0
				want = append(want, pa)
			}
		}
		assert.Equal(t, want, pas)
		if slices.Contains(u.AccessRoles, "manager") {
			var mates []sandbox.Teammate
			all(t, "teammates", fmt.Sprintf("/users/%d/teammates?per_page=1", u.ID), &mates)
			var wantM []sandbox.Teammate
			for _, m := range ds.Teammates {
				if m.ManagerID == u.ID {
					m.ManagerID = 0
					wantM = append(wantM, m)
				}
			}
			assert.Equal(t, wantM, mates)
		} else {
			res := get(t, s, fmt.Sprintf("/users/%d/teammates", u.ID))
			assert.Equal(t, http.StatusUnprocessableEntity, res.status)
			assert.JSONEq(t, `{"message":"The user must be a Manager to have teammates."}`, string(res.body))
		}
	}
	var me []sandbox.ProjectAssignment
	all(t, "project_assignments", "/users/me/project_assignments", &me)
	var mine int
	for _, pa := range ds.ProjectAssignments {
		if pa.UserID == ds.Users[0].ID {
			mine++
		}
	}
	assert.Len(t, me, mine)
}

func TestHarvestMoreFilters(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 800, Seed: 12})
	ds := s.Dataset()
	idsOf := func(t *testing.T, key, path string) []int64 {
		t.Helper()
		recs, _ := listAll[struct {
			ID int64 `json:"id"`
		}](t, s, key, path)
		return mapT(recs, func(r struct {
			ID int64 `json:"id"`
		}) int64 {
			return r.ID
		})
	}
	inv0 := ds.Invoices[len(ds.Invoices)/2]
	project := inv0.LineItems[0].Project.ID
	invCases := map[string]func(v sandbox.Invoice) bool{
		fmt.Sprintf("client_id=%d", inv0.Client.ID): func(v sandbox.Invoice) bool { return v.Client.ID == inv0.Client.ID },
		fmt.Sprintf("project_id=%d", project): func(v sandbox.Invoice) bool {
			return slices.ContainsFunc(v.LineItems, func(l sandbox.InvoiceLineItem) bool { return l.Project != nil && l.Project.ID == project })
		},
		"state=paid":                         func(v sandbox.Invoice) bool { return v.State == "paid" },
		"state=draft":                        func(v sandbox.Invoice) bool { return v.State == "draft" },
		"from=2024-03-01&to=2024-06-30":      func(v sandbox.Invoice) bool { return v.IssueDate >= "2024-03-01" && v.IssueDate <= "2024-06-30" },
		"updated_since=2025-01-01T00:00:00Z": func(v sandbox.Invoice) bool { return v.UpdatedAt >= "2025-01-01T00:00:00Z" },
	}
	for q, keep := range invCases {
		want := want(ds.Invoices, func(v sandbox.Invoice) int64 { return v.ID }, keep)
		require.NotEmpty(t, want, q)
		assert.Equal(t, want, idsOf(t, "invoices", "/invoices?per_page=50&"+q), q)
	}
	x0 := ds.Expenses[len(ds.Expenses)/3]
	expCases := map[string]func(x sandbox.Expense) bool{
		fmt.Sprintf("user_id=%d", x0.User.ID):       func(x sandbox.Expense) bool { return x.User.ID == x0.User.ID },
		fmt.Sprintf("client_id=%d", x0.Client.ID):   func(x sandbox.Expense) bool { return x.Client.ID == x0.Client.ID },
		fmt.Sprintf("project_id=%d", x0.Project.ID): func(x sandbox.Expense) bool { return x.Project.ID == x0.Project.ID },
		"is_billed=true":                  func(x sandbox.Expense) bool { return x.IsBilled },
		"is_billed=false&from=2024-01-01": func(x sandbox.Expense) bool { return !x.IsBilled && x.SpentDate >= "2024-01-01" },
		"to=2023-12-31":                   func(x sandbox.Expense) bool { return x.SpentDate <= "2023-12-31" },
	}
	for q, keep := range expCases {
		want := want(ds.Expenses, func(x sandbox.Expense) int64 { return x.ID }, keep)
		require.NotEmpty(t, want, q)
		assert.Equal(t, want, idsOf(t, "expenses", "/expenses?per_page=50&"+q), q)
	}
	c0 := ds.Contacts[0].Client.ID
	assert.Equal(t, want(ds.Contacts, func(c sandbox.Contact) int64 { return c.ID }, func(c sandbox.Contact) bool { return c.Client.ID == c0 }),
		idsOf(t, "contacts", fmt.Sprintf("/contacts?client_id=%d", c0)))
	assert.Equal(t, want(ds.Estimates, func(e sandbox.Estimate) int64 { return e.ID }, func(e sandbox.Estimate) bool { return e.State == "accepted" }),
		idsOf(t, "estimates", "/estimates?state=accepted"))
	assert.Equal(t, want(ds.Estimates, func(e sandbox.Estimate) int64 { return e.ID }, func(e sandbox.Estimate) bool {
		return e.IssueDate != nil && *e.IssueDate >= "2024-01-01"
	}), idsOf(t, "estimates", "/estimates?from=2024-01-01"))
	assert.Equal(t, want(ds.ExpenseCategories, func(c sandbox.ExpenseCategory) int64 { return c.ID }, func(c sandbox.ExpenseCategory) bool { return !c.IsActive }),
		idsOf(t, "expense_categories", "/expense_categories?is_active=false"))
	u0 := ds.UserAssignments[0].User.ID
	assert.Equal(t, want(ds.UserAssignments, func(u sandbox.ProjectUserAssignment) int64 { return u.ID }, func(u sandbox.ProjectUserAssignment) bool { return u.User.ID == u0 }),
		idsOf(t, "user_assignments", fmt.Sprintf("/user_assignments?user_id=%d", u0)))

	for _, q := range []string{"/invoices?state=lost", "/invoices?from=xx", "/estimates?state=paid", "/expenses?is_billed=maybe",
		"/contacts?client_id=x", "/task_assignments?is_active=1", "/expenses?per_page=2001"} {
		res := get(t, s, q)
		assert.Equal(t, http.StatusUnprocessableEntity, res.status, q)
	}
}

func TestHarvestMoreGetByIDAndNotFound(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 300})
	ds := s.Dataset()
	one := func(path string, into, wantRec any) {
		t.Helper()
		res := get(t, s, path)
		require.Equal(t, http.StatusOK, res.status, "%s: %s", path, res.body)
		require.NoError(t, json.Unmarshal(res.body, into))
		b1, _ := json.Marshal(into)
		b2, _ := json.Marshal(wantRec)
		assert.JSONEq(t, string(b2), string(b1), path)
	}
	one(fmt.Sprintf("/contacts/%d", ds.Contacts[1].ID), &sandbox.Contact{}, ds.Contacts[1])
	one(fmt.Sprintf("/invoices/%d", ds.Invoices[3].ID), &sandbox.Invoice{}, ds.Invoices[3])
	one(fmt.Sprintf("/estimates/%d", ds.Estimates[2].ID), &sandbox.Estimate{}, ds.Estimates[2])
	one(fmt.Sprintf("/expenses/%d", ds.Expenses[7].ID), &sandbox.Expense{}, ds.Expenses[7])
	one(fmt.Sprintf("/expense_categories/%d", ds.ExpenseCategories[0].ID), &sandbox.ExpenseCategory{}, ds.ExpenseCategories[0])
	one(fmt.Sprintf("/invoice_item_categories/%d", ds.InvoiceItemCategories[1].ID), &sandbox.InvoiceItemCategory{}, ds.InvoiceItemCategories[1])
	one(fmt.Sprintf("/estimate_item_categories/%d", ds.EstimateItemCategories[1].ID), &sandbox.EstimateItemCategory{}, ds.EstimateItemCategories[1])
	one(fmt.Sprintf("/roles/%d", ds.Roles[2].ID), &sandbox.Role{}, ds.Roles[2])
	ta := ds.TaskAssignments[5]
	one(fmt.Sprintf("/projects/%d/task_assignments/%d", ta.Project.ID, ta.ID), &sandbox.ProjectTaskAssignment{}, ta)
	ua := ds.UserAssignments[5]
	one(fmt.Sprintf("/projects/%d/user_assignments/%d", ua.Project.ID, ua.ID), &sandbox.ProjectUserAssignment{}, ua)
	br := ds.BillableRates[0]
	one(fmt.Sprintf("/users/%d/billable_rates/%d", br.UserID, br.ID), &sandbox.Rate{}, br)
	cr := ds.CostRates[0]
	one(fmt.Sprintf("/users/%d/cost_rates/%d", cr.UserID, cr.ID), &sandbox.Rate{}, cr)

	other := ds.Projects[0].ID
	if other == ta.Project.ID {
		other = ds.Projects[1].ID
	}
	for _, p := range []string{
		fmt.Sprintf("/task_assignments/%d", ta.ID),
		fmt.Sprintf("/projects/%d/task_assignments/%d", other, ta.ID),
		fmt.Sprintf("/users/%d/billable_rates/%d", ds.Users[len(ds.Users)-1].ID+1, br.ID),
		"/invoices/1/messages", "/invoices/1", "/estimates/1/messages", "/users/1/teammates", "/users/1/project_assignments",
		fmt.Sprintf("/invoices/%d/nope", ds.Invoices[0].ID), fmt.Sprintf("/invoices/%d/messages/1", ds.Invoices[0].ID),
		"/invoice_messages", "/teammates", "/billable_rates", "/project_assignments", "/reports", "/reports/time",
		"/reports/time/nope?from=2024-01-01&to=2024-02-01", "/reports/expenses/tasks?from=2024-01-01&to=2024-02-01",
		"/company/1", "/projects/1/task_assignments",
	} {
		res := get(t, s, p)
		assert.Equal(t, http.StatusNotFound, res.status, p)
		assert.Equal(t, `{"status":404,"error":"Not Found"}`, string(res.body), p)
	}
	res := do(t, s, http.MethodPost, "/invoices")
	assert.Equal(t, http.StatusMethodNotAllowed, res.status)
	res = get(t, s, "/company", noHeader("Authorization"))
	assert.Equal(t, http.StatusUnauthorized, res.status)
}

func TestHarvestMoreConsistency(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 1500, Seed: 2})
	ds := s.Dataset()
	invoices := map[int64]sandbox.Invoice{}
	for _, v := range ds.Invoices {
		invoices[v.ID] = v
		sum := 0.0
		for _, l := range v.LineItems {
			sum += l.Amount
		}
		assert.InDelta(t, sum+v.TaxAmount, v.Amount, 0.011, "invoice %d amount", v.ID)
		paid := 0.0
		for _, p := range ds.InvoicePayments {
			if p.InvoiceID == v.ID {
				paid += p.Amount
			}
		}
		switch v.State {
		case "paid":
			assert.InDelta(t, v.Amount, paid, 0.011)
			assert.Zero(t, v.DueAmount)
			assert.NotNil(t, v.PaidDate)
		case "open":
			assert.InDelta(t, v.Amount-paid, v.DueAmount, 0.011)
		case "draft":
			assert.Nil(t, v.SentAt)
		case "closed":
			assert.NotNil(t, v.ClosedAt)
		}
	}
	for _, e := range ds.TimeEntries {
		if e.Invoice != nil {
			v, ok := invoices[e.Invoice.ID]
			require.True(t, ok, "the invoice of a billed entry exists")
			assert.Equal(t, e.Invoice.Number, v.Number)
			assert.Equal(t, e.Client.ID, v.Client.ID)
			assert.Equal(t, e.SpentDate[:7], (*v.PeriodStart)[:7])
		}
	}
	for _, x := range ds.Expenses {
		if x.Invoice != nil {
			v, ok := invoices[x.Invoice.ID]
			require.True(t, ok)
			assert.Equal(t, x.Client.ID, v.Client.ID)
		}
		assert.Equal(t, x.IsBilled, x.Invoice != nil)
	}
	tas := map[int64]sandbox.ProjectTaskAssignment{}
	for _, ta := range ds.TaskAssignments {
		tas[ta.ID] = ta
	}
	uas := map[int64]sandbox.ProjectUserAssignment{}
	for _, ua := range ds.UserAssignments {
		uas[ua.ID] = ua
	}
	for _, e := range ds.TimeEntries {
		ta, ok := tas[e.TaskAssignment.ID]
		require.True(t, ok)
		assert.Equal(t, e.Project, ta.Project)
		assert.Equal(t, e.Task, ta.Task)
		assert.Equal(t, e.TaskAssignment.Billable, ta.Billable)
		ua, ok := uas[e.UserAssignment.ID]
		require.True(t, ok)
		assert.Equal(t, e.User, ua.User)
		assert.Equal(t, e.UserAssignment.IsProjectManager, ua.IsProjectManager)
	}
	for _, r := range ds.Roles {
		for _, id := range r.UserIDs {
			i := slices.IndexFunc(ds.Users, func(u sandbox.User) bool { return u.ID == id })
			require.GreaterOrEqual(t, i, 0)
			assert.Contains(t, ds.Users[i].Roles, r.Name)
		}
	}
	for _, rates := range [][]sandbox.Rate{ds.BillableRates, ds.CostRates} {
		for i, r := range rates {
			last := i == len(rates)-1 || rates[i+1].UserID != r.UserID
			assert.Equal(t, last, r.EndDate == nil)
			if !last {
				assert.Less(t, *r.EndDate, rates[i+1].StartDate)
			}
		}
	}
}

type reportAcc struct{ total, billable, amount float64 }

func TestHarvestReports(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 1200, Seed: 8})
	ds := s.Dataset()
	results := func(t *testing.T, path string) []map[string]any {
		t.Helper()
		recs, _ := listAll[map[string]any](t, s, "results", path)
		return recs
	}
	from, to := "2024-02-01", "2024-11-30"
	fixed := map[int64]bool{}
	for _, p := range ds.Projects {
		fixed[p.ID] = p.IsFixedFee
	}

	for _, includeFixed := range []bool{true, false} {
		want := map[string]*reportAcc{}
		for _, e := range ds.TimeEntries {
			if e.SpentDate < from || e.SpentDate > to {
				continue
			}
			k := fmt.Sprintf("%d/%s", e.Project.ID, e.Client.Currency)
			a := want[k]
			if a == nil {
				a = &reportAcc{}
				want[k] = a
			}
			a.total += e.Hours
			if e.Billable {
				a.billable += e.Hours
				if includeFixed || !fixed[e.Project.ID] {
					a.amount += e.Hours * *e.BillableRate
				}
			}
		}
		path := fmt.Sprintf("/reports/time/projects?from=%s&to=%s&per_page=7&include_fixed_fee=%t", from, to, includeFixed)
		rows := results(t, path)
		require.Len(t, rows, len(want))
		for _, r := range rows {
			assert.Equal(t, []string{"billable_amount", "billable_hours", "client_id", "client_name", "currency", "project_id",
				"project_name", "total_hours"}, sortedKeys(r))
			k := fmt.Sprintf("%.0f/%s", r["project_id"], r["currency"])
			a := want[k]
			require.NotNil(t, a, k)
			assert.InDelta(t, a.total, r["total_hours"], 0.006, k)
			assert.InDelta(t, a.billable, r["billable_hours"], 0.006, k)
			assert.InDelta(t, a.amount, r["billable_amount"], 0.006, k)
		}
	}

	// Every time and expense report: the totals add up to the data set's.
	var hours float64
	for _, e := range ds.TimeEntries {
		if e.SpentDate >= from && e.SpentDate <= to {
			hours += e.Hours
		}
	}
	for _, sub := range []string{"clients", "projects", "tasks", "team"} {
		sum := 0.0
		for _, r := range results(t, fmt.Sprintf("/reports/time/%s?from=%s&to=%s", sub, strings.ReplaceAll(from, "-", ""), to)) {
			sum += r["total_hours"].(float64)
		}
		assert.InDelta(t, hours, sum, 0.05, sub)
	}
	var spent float64
	for _, x := range ds.Expenses {
		if x.SpentDate >= from && x.SpentDate <= to {
			spent += x.TotalCost
		}
	}
	require.Positive(t, spent)
	for _, sub := range []string{"clients", "projects", "categories", "team"} {
		sum := 0.0
		rows := results(t, fmt.Sprintf("/reports/expenses/%s?from=%s&to=%s", sub, from, to))
		for _, r := range rows {
			sum += r["total_amount"].(float64)
			assert.Contains(t, r, "currency")
			assert.Contains(t, r, "billable_amount")
		}
		assert.InDelta(t, spent, sum, 0.05, sub)
	}

	// Uninvoiced: billable, unbilled time and expenses.
	var uninvoiced float64
	billable := map[int64]bool{}
	for _, p := range ds.Projects {
		billable[p.ID] = p.IsBillable
	}
	for _, e := range ds.TimeEntries {
		if e.SpentDate >= from && e.SpentDate <= to && billable[e.Project.ID] && e.Billable && !e.IsBilled {
			uninvoiced += e.Hours * *e.BillableRate
		}
	}
	for _, x := range ds.Expenses {
		if x.SpentDate >= from && x.SpentDate <= to && billable[x.Project.ID] && x.Billable && !x.IsBilled {
			uninvoiced += x.TotalCost
		}
	}
	sum := 0.0
	for _, r := range results(t, fmt.Sprintf("/reports/uninvoiced?from=%s&to=%s", from, to)) {
		assert.Equal(t, []string{"client_id", "client_name", "currency", "project_id", "project_name", "total_hours",
			"uninvoiced_amount", "uninvoiced_expenses", "uninvoiced_hours"}, sortedKeys(r))
		sum += r["uninvoiced_amount"].(float64)
	}
	assert.InDelta(t, uninvoiced, sum, 0.1)

	// Project budget: no dates needed; is_active filters.
	budgeted := 0
	for _, p := range ds.Projects {
		if p.BudgetBy != "none" && p.IsActive {
			budgeted++
		}
	}
	rows := results(t, "/reports/project_budget?is_active=true")
	assert.Len(t, rows, budgeted)
	for _, r := range rows {
		assert.Equal(t, true, r["is_active"])
		if r["budget"] != nil {
			assert.InDelta(t, r["budget"].(float64)-r["budget_spent"].(float64), r["budget_remaining"], 0.011)
		}
	}

	// Dates are required, ordered and at most a year apart.
	for _, q := range []string{"", "from=2024-01-01", "to=2024-01-01", "from=2024-01-01&to=2025-01-02", "from=2024-05-01&to=2024-04-01",
		"from=yesterday&to=2024-01-01", "from=2024-01-01&to=2024-02-01&include_fixed_fee=maybe"} {
		for _, path := range []string{"/reports/time/clients", "/reports/expenses/team", "/reports/uninvoiced"} {
			res := get(t, s, path+"?"+q)
			assert.Equal(t, http.StatusUnprocessableEntity, res.status, "%s?%s", path, q)
			var body map[string]string
			require.NoError(t, json.Unmarshal(res.body, &body))
			assert.NotEmpty(t, body["message"])
		}
	}
	assert.Equal(t, http.StatusOK, get(t, s, "/reports/time/clients?from=2024-01-01&to=2024-12-31").status, "365 days")
	assert.Equal(t, http.StatusOK, get(t, s, "/reports/time/clients?from=2023-01-01&to=2024-01-01").status, "one year")
	assert.Equal(t, http.StatusUnprocessableEntity, get(t, s, "/reports/project_budget?is_active=maybe").status)
	res := get(t, s, "/reports/time/team?from=2024-01-01&to=2024-01-31", noHeader("Authorization"))
	assert.Equal(t, http.StatusUnauthorized, res.status)
}
