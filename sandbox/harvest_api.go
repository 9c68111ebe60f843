package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// handler answers a resolved Harvest route.
type handler func(r *http.Request, q url.Values) response

// addExtra registers the tables beyond the first five.
func (a *api) addExtra(ds *Dataset) error {
	reg := func(top, get bool) func(*table) *table {
		return func(t *table) *table {
			t.top, t.get = top, get
			a.tables[t.name] = t
			return t
		}
	}

	contacts := apiOrder(ds.Contacts, false)
	if t := reg(true, true)(newTable("contacts", false, contacts, func(c *Contact) int64 { return c.ID }, a.budget)); t != nil {
		t.filters = []filterSpec{
			intEq("client_id", func(i int) int64 { return contacts.at(i).Client.ID }),
			since(updatedTimes(contacts, func(c *Contact) string { return c.UpdatedAt })),
		}
	}

	invoices := apiOrder(ds.Invoices, false)
	if t := reg(true, true)(newTable("invoices", false, invoices, func(v *Invoice) int64 { return v.ID }, a.budget)); t != nil {
		t.filters = []filterSpec{
			intEq("client_id", func(i int) int64 { return invoices.at(i).Client.ID }),
			{param: "project_id", parse: func(v string) (func(int) bool, error) {
				id, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("project_id must be an integer, got %q", v)
				}
				return func(i int) bool {
					return slices.ContainsFunc(invoices.at(i).LineItems, func(l InvoiceLineItem) bool { return l.Project != nil && l.Project.ID == id })
				}, nil
			}},
			since(updatedTimes(invoices, func(v *Invoice) string { return v.UpdatedAt })),
			dateRange("from", +1, invoices.len(), func(i int) string { return invoices.at(i).IssueDate }),
			dateRange("to", -1, invoices.len(), func(i int) string { return invoices.at(i).IssueDate }),
			enumEq("state", []string{"draft", "open", "paid", "closed"}, func(i int) string { return invoices.at(i).State }),
		}
	}
	messages := apiOrder(ds.InvoiceMessages, false)
	if t := reg(false, false)(newTable("invoice_messages", false, messages, func(m *InvoiceMessage) int64 { return m.ID }, a.budget)); t != nil {
		t.parent = mapOrdered(messages, func(m *InvoiceMessage) int64 { return m.InvoiceID })
		t.filters = []filterSpec{since(updatedTimes(messages, func(m *InvoiceMessage) string { return m.UpdatedAt }))}
	}
	payments := apiOrder(ds.InvoicePayments, false)
	if t := reg(false, false)(newTable("invoice_payments", false, payments, func(p *InvoicePayment) int64 { return p.ID }, a.budget)); t != nil {
		t.parent = mapOrdered(payments, func(p *InvoicePayment) int64 { return p.InvoiceID })
		t.filters = []filterSpec{since(updatedTimes(payments, func(p *InvoicePayment) string { return p.UpdatedAt }))}
	}
	iic := apiOrder(ds.InvoiceItemCategories, false)
	if t := reg(true, true)(newTable("invoice_item_categories", false, iic, func(c *InvoiceItemCategory) int64 { return c.ID }, a.budget)); t != nil {
		t.filters = []filterSpec{since(updatedTimes(iic, func(c *InvoiceItemCategory) string { return c.UpdatedAt }))}
	}

	estimates := apiOrder(ds.Estimates, false)
	if t := reg(true, true)(newTable("estimates", false, estimates, func(e *Estimate) int64 { return e.ID }, a.budget)); t != nil {
		issue := func(i int) string { return deref(estimates.at(i).IssueDate) }
		t.filters = []filterSpec{
			intEq("client_id", func(i int) int64 { return estimates.at(i).Client.ID }),
			since(updatedTimes(estimates, func(e *Estimate) string { return e.UpdatedAt })),
			{param: "from", parse: func(v string) (func(int) bool, error) {
				p, err := dateBound("from", +1, issue).parse(v)
				if err != nil {
					return nil, err
				}
				return func(i int) bool { return estimates.at(i).IssueDate != nil && p(i) }, nil
			}},
			{param: "to", parse: func(v string) (func(int) bool, error) {
				p, err := dateBound("to", -1, issue).parse(v)
				if err != nil {
					return nil, err
				}
				return func(i int) bool { return estimates.at(i).IssueDate != nil && p(i) }, nil
			}},
			enumEq("state", []string{"draft", "sent", "accepted", "declined"}, func(i int) string { return estimates.at(i).State }),
		}
	}
	emsgs := apiOrder(ds.EstimateMessages, false)
	if t := reg(false, false)(newTable("estimate_messages", false, emsgs, func(m *EstimateMessage) int64 { return m.ID }, a.budget)); t != nil {
		t.parent = mapOrdered(emsgs, func(m *EstimateMessage) int64 { return m.EstimateID })
		t.filters = []filterSpec{since(updatedTimes(emsgs, func(m *EstimateMessage) string { return m.UpdatedAt }))}
	}
	eic := apiOrder(ds.EstimateItemCategories, false)
	if t := reg(true, true)(newTable("estimate_item_categories", false, eic, func(c *EstimateItemCategory) int64 { return c.ID }, a.budget)); t != nil {
		t.filters = []filterSpec{since(updatedTimes(eic, func(c *EstimateItemCategory) string { return c.UpdatedAt }))}
	}

	expenses := apiOrder(ds.Expenses, false)
	if t := reg(true, true)(newTable("expenses", false, expenses, func(x *Expense) int64 { return x.ID }, a.budget)); t != nil {
		t.filters = []filterSpec{
			intEq("user_id", func(i int) int64 { return expenses.at(i).User.ID }),
			intEq("client_id", func(i int) int64 { return expenses.at(i).Client.ID }),
			intEq("project_id", func(i int) int64 { return expenses.at(i).Project.ID }),
			boolEq("is_billed", func(i int) bool { return expenses.at(i).IsBilled }),
			since(updatedTimes(expenses, func(x *Expense) string { return x.UpdatedAt })),
			dateRange("from", +1, expenses.len(), func(i int) string { return expenses.at(i).SpentDate }),
			dateRange("to", -1, expenses.len(), func(i int) string { return expenses.at(i).SpentDate }),
		}
	}
	ecats := apiOrder(ds.ExpenseCategories, false)
	if t := reg(true, true)(newTable("expense_categories", true, ecats, func(c *ExpenseCategory) int64 { return c.ID }, a.budget)); t != nil {
		t.filters = []filterSpec{
			boolEq("is_active", func(i int) bool { return ecats.at(i).IsActive }),
			since(updatedTimes(ecats, func(c *ExpenseCategory) string { return c.UpdatedAt })),
		}
	}

	tas := apiOrder(ds.TaskAssignments, false)
	if t := reg(true, false)(newTable("task_assignments", true, tas, func(x *ProjectTaskAssignment) int64 { return x.ID }, a.budget)); t != nil {
		t.parent = mapOrdered(tas, func(x *ProjectTaskAssignment) int64 { return x.Project.ID })
		t.filters = []filterSpec{
			boolEq("is_active", func(i int) bool { return tas.at(i).IsActive }),
			since(updatedTimes(tas, func(x *ProjectTaskAssignment) string { return x.UpdatedAt })),
		}
	}
	uas := apiOrder(ds.UserAssignments, false)
	if t := reg(true, false)(newTable("user_assignments", true, uas, func(x *ProjectUserAssignment) int64 { return x.ID }, a.budget)); t != nil {
		t.parent = mapOrdered(uas, func(x *ProjectUserAssignment) int64 { return x.Project.ID })
		t.filters = []filterSpec{
			intEq("user_id", func(i int) int64 { return uas.at(i).User.ID }),
			boolEq("is_active", func(i int) bool { return uas.at(i).IsActive }),
			since(updatedTimes(uas, func(x *ProjectUserAssignment) string { return x.UpdatedAt })),
		}
	}
	pas := apiOrder(ds.ProjectAssignments, false)
	if t := reg(false, false)(newTable("project_assignments", true, pas, func(x *ProjectAssignment) int64 { return x.ID }, a.budget)); t != nil {
		t.parent = mapOrdered(pas, func(x *ProjectAssignment) int64 { return x.UserID })
		t.filters = []filterSpec{since(updatedTimes(pas, func(x *ProjectAssignment) string { return x.UpdatedAt }))}
	}
	for _, name := range []string{"billable_rates", "cost_rates"} {
		rates := ds.BillableRates
		if name == "cost_rates" {
			rates = ds.CostRates
		}
		ordered := apiOrder(rates, true)
		if t := reg(false, false)(newTable(name, true, ordered, func(x *Rate) int64 { return x.ID }, a.budget)); t != nil {
			t.parent = mapOrdered(ordered, func(x *Rate) int64 { return x.UserID })
		}
	}
	// Teammates: the same user can be the teammate of several managers,
	// so their positions are not unique; teammates have no get-by-id.
	mates := apiOrder(ds.Teammates, true)
	if t := reg(false, false)(newTable("teammates", true, mates, func(x *Teammate) int64 { return x.ID }, a.budget)); t != nil {
		t.parent = mapOrdered(mates, func(x *Teammate) int64 { return x.ManagerID })
	}
	roles := apiOrder(ds.Roles, false)
	reg(true, true)(newTable("roles", true, roles, func(x *Role) int64 { return x.ID }, a.budget))
	var err error
	if a.company, err = marshal(ds.Company); err != nil {
		return err
	}
	a.ds = ds
	a.users = map[int64]User{}
	for _, u := range ds.Users {
		a.users[u.ID] = u
	}
	return nil
}

// byID answers GET .../{id} of t; parent, when not zero, must own the
// record.
func (a *api) byID(t *table, rawID string, parent int64) handler {
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil {
		return nil
	}
	i, ok := t.pos[id]
	if !ok || parent != 0 && t.parent[i] != parent {
		return nil
	}
	return func(*http.Request, url.Values) response {
		b, err := t.encoded(i)
		if err != nil {
			return fixed(http.StatusInternalServerError, `{"error":"internal_error"}`)
		}
		return jsonResponse(http.StatusOK, b)
	}
}

// nested lists the records of t whose parent is parent.
func (a *api) nested(t *table, parent int64) handler {
	return func(r *http.Request, q url.Values) response {
		return a.list(t, r, q, parent, true)
	}
}

// parentID resolves a parent path segment of table name ("me" for users).
func (a *api) parentID(name, raw string) (int64, bool) {
	if name == "users" && raw == "me" {
		return a.ds.Users[0].ID, true
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return 0, false
	}
	_, ok := a.tables[name].pos[id]
	return id, ok
}

// resolve maps the path segments after /v2/ to a handler, or nil (404).
func (a *api) resolve(parts []string) handler {
	for _, p := range parts {
		if p == "" {
			return nil
		}
	}
	switch len(parts) {
	case 1:
		if parts[0] == "company" {
			return func(*http.Request, url.Values) response { return jsonResponse(http.StatusOK, a.company) }
		}
		if t := a.tables[parts[0]]; t != nil && t.top {
			return func(r *http.Request, q url.Values) response { return a.list(t, r, q, 0, false) }
		}
	case 2:
		switch {
		case parts[0] == "users" && parts[1] == "me":
			return func(*http.Request, url.Values) response { return jsonResponse(http.StatusOK, a.me) }
		case parts[0] == "reports" && (parts[1] == "uninvoiced" || parts[1] == "project_budget"):
			return a.report(parts[1], "")
		}
		if t := a.tables[parts[0]]; t != nil && t.top && t.get {
			return a.byID(t, parts[1], 0)
		}
	case 3, 4:
		if parts[0] == "reports" && len(parts) == 3 {
			kinds := map[string][]string{"time": {"clients", "projects", "tasks", "team"},
				"expenses": {"clients", "projects", "categories", "team"}}
			if slices.Contains(kinds[parts[1]], parts[2]) {
				return a.report(parts[1], parts[2])
			}
			return nil
		}
		children := map[string]map[string]string{
			"invoices":  {"messages": "invoice_messages", "payments": "invoice_payments"},
			"estimates": {"messages": "estimate_messages"},
			"projects":  {"task_assignments": "task_assignments", "user_assignments": "user_assignments"},
			"users": {"project_assignments": "project_assignments", "billable_rates": "billable_rates",
				"cost_rates": "cost_rates", "teammates": "teammates"},
		}
		child, ok := children[parts[0]][parts[2]]
		if !ok {
			return nil
		}
		pid, ok := a.parentID(parts[0], parts[1])
		if !ok {
			return nil
		}
		t := a.tables[child]
		if len(parts) == 4 {
			switch child {
			case "task_assignments", "user_assignments", "billable_rates", "cost_rates":
				return a.byID(t, parts[3], pid)
			}
			return nil
		}
		if child == "teammates" && !slices.Contains(a.users[pid].AccessRoles, "manager") {
			return func(*http.Request, url.Values) response {
				return unprocessable("The user must be a Manager to have teammates.")
			}
		}
		return a.nested(t, pid)
	}
	return nil
}

// reportRange parses the required from and to of a report: both present,
// from <= to, at most a year apart.
func reportRange(q url.Values) (from, to string, resp response, ok bool) {
	fv, tv := lastValue(q, "from"), lastValue(q, "to")
	if fv == "" || tv == "" {
		return "", "", unprocessable("from and to are required: dates such as 2024-01-01 or 20240101"), false
	}
	var okF, okT bool
	from, okF = parseDate(fv)
	to, okT = parseDate(tv)
	switch {
	case !okF:
		return "", "", unprocessable("from must be a date such as 2024-03-01 or 20240301, got " + strconv.Quote(fv)), false
	case !okT:
		return "", "", unprocessable("to must be a date such as 2024-03-01 or 20240301, got " + strconv.Quote(tv)), false
	case from > to:
		return "", "", unprocessable("from must not be after to"), false
	}
	f, _ := time.Parse(dateLayout, from)
	t, _ := time.Parse(dateLayout, to)
	if t.Sub(f) > 365*24*time.Hour {
		return "", "", unprocessable("The date range between from and to cannot exceed one year"), false
	}
	return from, to, response{}, true
}

// report answers a report endpoint; rows are computed from the data set
// on each request and paginated like any list under "results".
func (a *api) report(kind, sub string) handler {
	return func(r *http.Request, q url.Values) response {
		includeFixed := true
		switch v := lastValue(q, "include_fixed_fee"); v {
		case "", "true":
		case "false":
			includeFixed = false
		default:
			return unprocessable("include_fixed_fee must be true or false, got " + strconv.Quote(v))
		}
		var rows []any
		if kind == "project_budget" {
			var active *bool
			if v := lastValue(q, "is_active"); v != "" {
				b, err := strconv.ParseBool(v)
				if err != nil || v != "true" && v != "false" {
					return unprocessable("is_active must be true or false, got " + strconv.Quote(v))
				}
				active = &b
			}
			rows = projectBudgetRows(a.ds, active)
		} else {
			from, to, resp, ok := reportRange(q)
			if !ok {
				return resp
			}
			switch kind {
			case "time":
				rows = timeReportRows(a.ds, sub, from, to, includeFixed)
			case "expenses":
				rows = expenseReportRows(a.ds, sub, from, to)
			default:
				rows = uninvoicedRows(a.ds, from, to, includeFixed)
			}
		}
		t := newTable("results", false, apiOrder(rows, true), func(*any) int64 { return 0 }, nil)
		return a.list(t, r, q, 0, false)
	}
}

// Report rows (reference §1.8).

type timeClientsRow struct {
	ClientID       int64   `json:"client_id"`
	ClientName     string  `json:"client_name"`
	TotalHours     float64 `json:"total_hours"`
	BillableHours  float64 `json:"billable_hours"`
	Currency       string  `json:"currency"`
	BillableAmount float64 `json:"billable_amount"`
}

type timeProjectsRow struct {
	ClientID       int64   `json:"client_id"`
	ClientName     string  `json:"client_name"`
	ProjectID      int64   `json:"project_id"`
	ProjectName    string  `json:"project_name"`
	TotalHours     float64 `json:"total_hours"`
	BillableHours  float64 `json:"billable_hours"`
	Currency       string  `json:"currency"`
	BillableAmount float64 `json:"billable_amount"`
}

type timeTasksRow struct {
	TaskID         int64   `json:"task_id"`
	TaskName       string  `json:"task_name"`
	TotalHours     float64 `json:"total_hours"`
	BillableHours  float64 `json:"billable_hours"`
	Currency       string  `json:"currency"`
	BillableAmount float64 `json:"billable_amount"`
}

type timeTeamRow struct {
	UserID         int64   `json:"user_id"`
	UserName       string  `json:"user_name"`
	IsContractor   bool    `json:"is_contractor"`
	TotalHours     float64 `json:"total_hours"`
	BillableHours  float64 `json:"billable_hours"`
	Currency       string  `json:"currency"`
	BillableAmount float64 `json:"billable_amount"`
	WeeklyCapacity int     `json:"weekly_capacity"`
	AvatarURL      string  `json:"avatar_url"`
}

type expenseClientsRow struct {
	ClientID       int64   `json:"client_id"`
	ClientName     string  `json:"client_name"`
	TotalAmount    float64 `json:"total_amount"`
	BillableAmount float64 `json:"billable_amount"`
	Currency       string  `json:"currency"`
}

type expenseProjectsRow struct {
	ClientID       int64   `json:"client_id"`
	ClientName     string  `json:"client_name"`
	ProjectID      int64   `json:"project_id"`
	ProjectName    string  `json:"project_name"`
	TotalAmount    float64 `json:"total_amount"`
	BillableAmount float64 `json:"billable_amount"`
	Currency       string  `json:"currency"`
}

type expenseCategoriesRow struct {
	ExpenseCategoryID   int64   `json:"expense_category_id"`
	ExpenseCategoryName string  `json:"expense_category_name"`
	TotalAmount         float64 `json:"total_amount"`
	BillableAmount      float64 `json:"billable_amount"`
	Currency            string  `json:"currency"`
}

type expenseTeamRow struct {
	UserID         int64   `json:"user_id"`
	UserName       string  `json:"user_name"`
	IsContractor   bool    `json:"is_contractor"`
	TotalAmount    float64 `json:"total_amount"`
	BillableAmount float64 `json:"billable_amount"`
	Currency       string  `json:"currency"`
}

type uninvoicedRow struct {
	ClientID           int64   `json:"client_id"`
	ClientName         string  `json:"client_name"`
	ProjectID          int64   `json:"project_id"`
	ProjectName        string  `json:"project_name"`
	Currency           string  `json:"currency"`
	TotalHours         float64 `json:"total_hours"`
	UninvoicedHours    float64 `json:"uninvoiced_hours"`
	UninvoicedExpenses float64 `json:"uninvoiced_expenses"`
	UninvoicedAmount   float64 `json:"uninvoiced_amount"`
}

type projectBudgetRow struct {
	ClientID        int64    `json:"client_id"`
	ClientName      string   `json:"client_name"`
	ProjectID       int64    `json:"project_id"`
	ProjectName     string   `json:"project_name"`
	BudgetIsMonthly bool     `json:"budget_is_monthly"`
	BudgetBy        string   `json:"budget_by"`
	IsActive        bool     `json:"is_active"`
	Budget          *float64 `json:"budget"`
	BudgetSpent     float64  `json:"budget_spent"`
	BudgetRemaining *float64 `json:"budget_remaining"`
}

// grouped accumulates report rows by key, remembering a sort name.
type grouped[R any] struct {
	rows  map[string]*R
	names map[string]string
}

func newGrouped[R any]() *grouped[R] {
	return &grouped[R]{rows: map[string]*R{}, names: map[string]string{}}
}

func (g *grouped[R]) at(key, name string, init func() R) *R {
	r := g.rows[key]
	if r == nil {
		v := init()
		r = &v
		g.rows[key] = r
		g.names[key] = name
	}
	return r
}

// sorted returns the rows by name, then key, with round applied.
func (g *grouped[R]) sorted(round func(*R)) []any {
	keys := make([]string, 0, len(g.rows))
	for k := range g.rows {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int { return cmp.Or(strings.Compare(g.names[x], g.names[y]), strings.Compare(x, y)) })
	out := make([]any, len(keys))
	for i, k := range keys {
		round(g.rows[k])
		out[i] = *g.rows[k]
	}
	return out
}

func groupKey(id int64, currency string) string { return strconv.FormatInt(id, 10) + "/" + currency }

// timeReportRows groups the time entries spent in [from, to] by subject
// and currency. billable_amount sums hours * billable_rate of billable
// entries, fixed-fee projects included only with include_fixed_fee.
func timeReportRows(ds *Dataset, sub, from, to string, includeFixed bool) []any {
	fixedFee := map[int64]bool{}
	for _, p := range ds.Projects {
		fixedFee[p.ID] = p.IsFixedFee
	}
	users := map[int64]User{}
	for _, u := range ds.Users {
		users[u.ID] = u
	}
	type acc struct {
		e                       TimeEntry
		total, billable, amount float64
	}
	g := newGrouped[acc]()
	for _, e := range ds.TimeEntries {
		if e.SpentDate < from || e.SpentDate > to {
			continue
		}
		var id int64
		var name string
		switch sub {
		case "clients":
			id, name = e.Client.ID, e.Client.Name
		case "projects":
			id, name = e.Project.ID, e.Client.Name+"\x00"+e.Project.Name
		case "tasks":
			id, name = e.Task.ID, e.Task.Name
		default:
			id, name = e.User.ID, e.User.Name
		}
		a := g.at(groupKey(id, e.Client.Currency), name, func() acc { return acc{e: e} })
		a.total += e.Hours
		if e.Billable {
			a.billable += e.Hours
			if e.BillableRate != nil && (includeFixed || !fixedFee[e.Project.ID]) {
				a.amount += e.Hours * *e.BillableRate
			}
		}
	}
	accs := g.sorted(func(a *acc) { a.total, a.billable, a.amount = round2(a.total), round2(a.billable), round2(a.amount) })
	out := make([]any, len(accs))
	for i, v := range accs {
		a := v.(acc)
		e, cur := a.e, a.e.Client.Currency
		switch sub {
		case "clients":
			out[i] = timeClientsRow{e.Client.ID, e.Client.Name, a.total, a.billable, cur, a.amount}
		case "projects":
			out[i] = timeProjectsRow{e.Client.ID, e.Client.Name, e.Project.ID, e.Project.Name, a.total, a.billable, cur, a.amount}
		case "tasks":
			out[i] = timeTasksRow{e.Task.ID, e.Task.Name, a.total, a.billable, cur, a.amount}
		default:
			u := users[e.User.ID]
			out[i] = timeTeamRow{u.ID, e.User.Name, u.IsContractor, a.total, a.billable, cur, a.amount, u.WeeklyCapacity, u.AvatarURL}
		}
	}
	return out
}

// expenseReportRows groups the expenses spent in [from, to] by subject and
// currency.
func expenseReportRows(ds *Dataset, sub, from, to string) []any {
	users := map[int64]User{}
	for _, u := range ds.Users {
		users[u.ID] = u
	}
	type acc struct {
		x             Expense
		total, amount float64
	}
	g := newGrouped[acc]()
	for _, x := range ds.Expenses {
		if x.SpentDate < from || x.SpentDate > to {
			continue
		}
		var id int64
		var name string
		switch sub {
		case "clients":
			id, name = x.Client.ID, x.Client.Name
		case "projects":
			id, name = x.Project.ID, x.Client.Name+"\x00"+x.Project.Name
		case "categories":
			id, name = x.ExpenseCategory.ID, x.ExpenseCategory.Name
		default:
			id, name = x.User.ID, x.User.Name
		}
		a := g.at(groupKey(id, x.Client.Currency), name, func() acc { return acc{x: x} })
		a.total += x.TotalCost
		if x.Billable {
			a.amount += x.TotalCost
		}
	}
	accs := g.sorted(func(a *acc) { a.total, a.amount = round2(a.total), round2(a.amount) })
	out := make([]any, len(accs))
	for i, v := range accs {
		a := v.(acc)
		x, cur := a.x, a.x.Client.Currency
		switch sub {
		case "clients":
			out[i] = expenseClientsRow{x.Client.ID, x.Client.Name, a.total, a.amount, cur}
		case "projects":
			out[i] = expenseProjectsRow{x.Client.ID, x.Client.Name, x.Project.ID, x.Project.Name, a.total, a.amount, cur}
		case "categories":
			out[i] = expenseCategoriesRow{x.ExpenseCategory.ID, x.ExpenseCategory.Name, a.total, a.amount, cur}
		default:
			out[i] = expenseTeamRow{x.User.ID, x.User.Name, users[x.User.ID].IsContractor, a.total, a.amount, cur}
		}
	}
	return out
}

// uninvoicedRows are, per billable project with activity in [from, to],
// the hours tracked, the billable hours and expenses not yet invoiced, and
// their amount.
func uninvoicedRows(ds *Dataset, from, to string, includeFixed bool) []any {
	projects := map[int64]Project{}
	for _, p := range ds.Projects {
		projects[p.ID] = p
	}
	g := newGrouped[uninvoicedRow]()
	row := func(c ClientRef, p ProjectRef) *uninvoicedRow {
		return g.at(groupKey(p.ID, c.Currency), c.Name+"\x00"+p.Name, func() uninvoicedRow {
			return uninvoicedRow{ClientID: c.ID, ClientName: c.Name, ProjectID: p.ID, ProjectName: p.Name, Currency: c.Currency}
		})
	}
	for _, e := range ds.TimeEntries {
		p := projects[e.Project.ID]
		if e.SpentDate < from || e.SpentDate > to || !p.IsBillable {
			continue
		}
		r := row(e.Client, e.Project)
		r.TotalHours += e.Hours
		if e.Billable && !e.IsBilled {
			r.UninvoicedHours += e.Hours
			if e.BillableRate != nil && (includeFixed || !p.IsFixedFee) {
				r.UninvoicedAmount += e.Hours * *e.BillableRate
			}
		}
	}
	for _, x := range ds.Expenses {
		p := projects[x.Project.ID]
		if x.SpentDate < from || x.SpentDate > to || !p.IsBillable {
			continue
		}
		r := row(x.Client, x.Project)
		if x.Billable && !x.IsBilled {
			r.UninvoicedExpenses += x.TotalCost
			r.UninvoicedAmount += x.TotalCost
		}
	}
	return g.sorted(func(r *uninvoicedRow) {
		r.TotalHours, r.UninvoicedHours = round2(r.TotalHours), round2(r.UninvoicedHours)
		r.UninvoicedExpenses, r.UninvoicedAmount = round2(r.UninvoicedExpenses), round2(r.UninvoicedAmount)
	})
}

// projectBudgetRows are the projects with a budget: hours budgets spend
// the budgeted hours, cost budgets the billable amount (plus expenses when
// the budget includes them); monthly budgets count the current month only.
func projectBudgetRows(ds *Dataset, active *bool) []any {
	g := newGrouped[projectBudgetRow]()
	monthStart := fmtDate(time.Date(sandboxNow.Year(), sandboxNow.Month(), 1, 0, 0, 0, 0, time.UTC))
	spent := map[int64]float64{}
	byCost := map[int64]bool{}
	monthly := map[int64]bool{}
	withExpenses := map[int64]bool{}
	for _, p := range ds.Projects {
		if p.BudgetBy == "none" || active != nil && p.IsActive != *active {
			continue
		}
		byCost[p.ID] = p.BudgetBy == "project_cost"
		monthly[p.ID] = p.BudgetIsMonthly
		withExpenses[p.ID] = p.CostBudgetIncludeExpenses
		g.at(groupKey(p.ID, ""), p.Client.Name+"\x00"+p.Name, func() projectBudgetRow {
			r := projectBudgetRow{ClientID: p.Client.ID, ClientName: p.Client.Name, ProjectID: p.ID, ProjectName: p.Name,
				BudgetIsMonthly: p.BudgetIsMonthly, BudgetBy: p.BudgetBy, IsActive: p.IsActive}
			switch p.BudgetBy {
			case "project":
				r.Budget = clonePtr(p.Budget)
			case "project_cost":
				r.Budget = clonePtr(p.CostBudget)
			}
			return r
		})
	}
	for _, e := range ds.TimeEntries {
		cost, ok := byCost[e.Project.ID]
		if !ok || monthly[e.Project.ID] && e.SpentDate < monthStart {
			continue
		}
		if cost {
			if e.Billable && e.BillableRate != nil {
				spent[e.Project.ID] += e.Hours * *e.BillableRate
			}
		} else if e.Budgeted {
			spent[e.Project.ID] += e.Hours
		}
	}
	for _, x := range ds.Expenses {
		if byCost[x.Project.ID] && withExpenses[x.Project.ID] && (!monthly[x.Project.ID] || x.SpentDate >= monthStart) {
			spent[x.Project.ID] += x.TotalCost
		}
	}
	return g.sorted(func(r *projectBudgetRow) {
		r.BudgetSpent = round2(spent[r.ProjectID])
		if r.Budget != nil {
			r.BudgetRemaining = ptr(round2(*r.Budget - r.BudgetSpent))
		}
	})
}
