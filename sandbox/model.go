package sandbox

// The record types below mirror the JSON objects of the Harvest API v2. Field
// order follows the documented responses, so encoding/json writes the keys in
// the same order as the real API. Pointer fields encode as null when nil.
// Dates are "2006-01-02" strings and datetimes are "2006-01-02T15:04:05Z"
// strings (UTC), exactly as they appear on the wire; both compare correctly
// as strings.

// Dataset holds every record a Harvest [Server] serves. Each slice is in
// the ascending order of its endpoint's sort key; the list endpoints sort
// newest first, so an unfiltered listing equals the slice reversed, except
// BillableRates and CostRates, listed oldest first like the slice, and the
// per-parent tables, whose listings are the parent's records in the same
// reversed order.
type Dataset struct {
	// TimeEntries are sorted by (spent_date, id) ascending.
	TimeEntries []TimeEntry
	// Projects are sorted by (created_at, id) ascending.
	Projects []Project
	// Clients are sorted by (created_at, id) ascending.
	Clients []Client
	// Users are sorted by (created_at, id) ascending. Users[0] is the account
	// owner, an active administrator, served by GET /v2/users/me.
	Users []User
	// Tasks are sorted by (created_at, id) ascending.
	Tasks []Task

	// Contacts are sorted by (created_at, id); 1 to 3 per client.
	Contacts []Contact
	// Invoices are sorted by (issue_date, id): one per client and month of
	// billed time, the ids the billed time entries carry.
	Invoices []Invoice
	// InvoiceMessages are sorted by (created_at, id); InvoiceID ties each
	// to its invoice (GET /v2/invoices/{id}/messages).
	InvoiceMessages []InvoiceMessage
	// InvoicePayments are sorted by (created_at, id); InvoiceID ties each
	// to its invoice (GET /v2/invoices/{id}/payments).
	InvoicePayments []InvoicePayment
	// InvoiceItemCategories are sorted by (created_at, id).
	InvoiceItemCategories []InvoiceItemCategory
	// Estimates are sorted by (issue_date, id), drafts (no issue date)
	// first.
	Estimates []Estimate
	// EstimateMessages are sorted by (created_at, id); EstimateID ties each
	// to its estimate.
	EstimateMessages []EstimateMessage
	// EstimateItemCategories are sorted by (created_at, id).
	EstimateItemCategories []EstimateItemCategory
	// Expenses are sorted by (spent_date, created_at); max(5, Rows/5).
	Expenses []Expense
	// ExpenseCategories are sorted by (created_at, id).
	ExpenseCategories []ExpenseCategory
	// TaskAssignments are sorted by (created_at, id): every pair the time
	// entries use, plus the default tasks of every project.
	TaskAssignments []ProjectTaskAssignment
	// UserAssignments are sorted by (created_at, id): every pair the time
	// entries use.
	UserAssignments []ProjectUserAssignment
	// ProjectAssignments follow UserAssignments (active ones); UserID ties
	// each to its user.
	ProjectAssignments []ProjectAssignment
	// BillableRates are sorted by user, then start_date; UserID ties each
	// to its user.
	BillableRates []Rate
	// CostRates are sorted by user, then start_date.
	CostRates []Rate
	// Teammates are sorted by (ManagerID, id): 1 to 3 members per manager.
	Teammates []Teammate
	// Roles are sorted by (created_at, id): one per business role.
	Roles []Role
	// Company is the account (GET /v2/company).
	Company Company
}

// UserRef is the {id, name} object that names a user inside another record.
type UserRef struct {
	// ID is the user's id.
	ID int64 `json:"id"`
	// Name is "first_name last_name".
	Name string `json:"name"`
}

// ClientRef is the {id, name, currency} object that names a client inside a
// project or a time entry.
type ClientRef struct {
	// ID is the client's id.
	ID int64 `json:"id"`
	// Name is the client's name.
	Name string `json:"name"`
	// Currency is the client's ISO currency code.
	Currency string `json:"currency"`
}

// ProjectRef is the {id, name, code} object that names a project inside a
// time entry.
type ProjectRef struct {
	// ID is the project's id.
	ID int64 `json:"id"`
	// Name is the project's name.
	Name string `json:"name"`
	// Code is the project's code.
	Code string `json:"code"`
}

// TaskRef is the {id, name} object that names a task inside a time entry.
type TaskRef struct {
	// ID is the task's id.
	ID int64 `json:"id"`
	// Name is the task's name.
	Name string `json:"name"`
}

// UserAssignment is the user_assignment object of a time entry: the
// assignment of its user to its project.
type UserAssignment struct {
	// ID is the assignment's id (one per user and project).
	ID int64 `json:"id"`
	// IsProjectManager tells whether the user manages the project.
	IsProjectManager bool `json:"is_project_manager"`
	// IsActive tells whether the assignment is active.
	IsActive bool `json:"is_active"`
	// UseDefaultRates tells whether the user's default rates apply.
	UseDefaultRates bool `json:"use_default_rates"`
	// Budget is the assignment's budget, or nil.
	Budget *float64 `json:"budget"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// HourlyRate is the billable rate of the user on the project, or nil.
	HourlyRate *float64 `json:"hourly_rate"`
}

// TaskAssignment is the task_assignment object of a time entry: the
// assignment of its task to its project.
type TaskAssignment struct {
	// ID is the assignment's id (one per task and project).
	ID int64 `json:"id"`
	// Billable tells whether the task is billable on the project.
	Billable bool `json:"billable"`
	// IsActive tells whether the assignment is active.
	IsActive bool `json:"is_active"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// HourlyRate is the task's rate on the project, or nil.
	HourlyRate *float64 `json:"hourly_rate"`
	// Budget is the assignment's budget, or nil.
	Budget *float64 `json:"budget"`
}

// InvoiceRef is the {id, number} object of a billed time entry.
type InvoiceRef struct {
	// ID is the invoice's id.
	ID int64 `json:"id"`
	// Number is the invoice number, a string.
	Number string `json:"number"`
}

// ExternalReference is the item of an integration (GitHub, Trello, ...) a
// time entry is linked to.
type ExternalReference struct {
	// ID is the item's id; a string, as in the real API.
	ID string `json:"id"`
	// GroupID is the id of the item's group (repository, board, ...).
	GroupID string `json:"group_id"`
	// AccountID is the id of the integration account.
	AccountID string `json:"account_id"`
	// Permalink is the item's URL.
	Permalink string `json:"permalink"`
	// Service is the integration's host name, e.g. "github.com".
	Service string `json:"service"`
	// ServiceIconURL is the URL of the integration's icon.
	ServiceIconURL string `json:"service_icon_url"`
}

// TimeEntry is a record of GET /v2/time_entries.
type TimeEntry struct {
	// ID is the entry's id. Every time entry id is above 2^53, so a client
	// that decodes ids through float64 gets some of them wrong.
	ID int64 `json:"id"`
	// SpentDate is the date the time was spent, "2006-01-02".
	SpentDate string `json:"spent_date"`
	// User is the user who tracked the time.
	User UserRef `json:"user"`
	// Client is the client of Project.
	Client ClientRef `json:"client"`
	// Project is the project the time was tracked on.
	Project ProjectRef `json:"project"`
	// Task is the task the time was tracked on.
	Task TaskRef `json:"task"`
	// UserAssignment is the assignment of User to Project.
	UserAssignment UserAssignment `json:"user_assignment"`
	// TaskAssignment is the assignment of Task to Project.
	TaskAssignment TaskAssignment `json:"task_assignment"`
	// Hours is the tracked time in decimal hours.
	Hours float64 `json:"hours"`
	// HoursWithoutTimer is the time tracked before a running timer was last
	// started.
	HoursWithoutTimer float64 `json:"hours_without_timer"`
	// RoundedHours is Hours rounded up to the quarter hour.
	RoundedHours float64 `json:"rounded_hours"`
	// Notes is free text, possibly empty.
	Notes string `json:"notes"`
	// CreatedAt is the creation datetime (after SpentDate).
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime (not before CreatedAt).
	UpdatedAt string `json:"updated_at"`
	// IsLocked tells whether the entry is locked (billed or approved).
	IsLocked bool `json:"is_locked"`
	// LockedReason explains IsLocked; empty when unlocked.
	LockedReason string `json:"locked_reason"`
	// IsClosed tells whether the entry was approved.
	IsClosed bool `json:"is_closed"`
	// ApprovalStatus is "unsubmitted", "submitted" or "approved".
	ApprovalStatus string `json:"approval_status"`
	// IsBilled tells whether the entry is on an invoice.
	IsBilled bool `json:"is_billed"`
	// TimerStartedAt is the datetime the running timer started; nil unless
	// IsRunning.
	TimerStartedAt *string `json:"timer_started_at"`
	// StartedTime is the start time like "9:00am", or nil when the user does
	// not track start and end times.
	StartedTime *string `json:"started_time"`
	// EndedTime is the end time like "10:30am", or nil (also while running).
	EndedTime *string `json:"ended_time"`
	// IsRunning tells whether a timer is running on the entry.
	IsRunning bool `json:"is_running"`
	// Invoice is the invoice the entry is on, or nil when not billed.
	Invoice *InvoiceRef `json:"invoice"`
	// ExternalReference is the linked integration item, or nil.
	ExternalReference *ExternalReference `json:"external_reference"`
	// Billable tells whether the entry is billable.
	Billable bool `json:"billable"`
	// Budgeted tells whether the entry counts toward the project budget.
	Budgeted bool `json:"budgeted"`
	// BillableRate is the billable rate, nil when not billable.
	BillableRate *float64 `json:"billable_rate"`
	// CostRate is the user's cost rate, or nil.
	CostRate *float64 `json:"cost_rate"`
}

// Project is a record of GET /v2/projects.
type Project struct {
	// ID is the project's id.
	ID int64 `json:"id"`
	// Name is the project's name.
	Name string `json:"name"`
	// Code is the project's code, like "OS1".
	Code string `json:"code"`
	// IsActive tells whether the project is active (not archived).
	IsActive bool `json:"is_active"`
	// BillBy is "Project", "Tasks", "People" or "none".
	BillBy string `json:"bill_by"`
	// Budget is the budget in hours, or nil.
	Budget *float64 `json:"budget"`
	// BudgetBy is "project", "project_cost", "task", "person" or "none".
	BudgetBy string `json:"budget_by"`
	// BudgetIsMonthly tells whether the budget resets every month.
	BudgetIsMonthly bool `json:"budget_is_monthly"`
	// NotifyWhenOverBudget tells whether managers are notified.
	NotifyWhenOverBudget bool `json:"notify_when_over_budget"`
	// OverBudgetNotificationPercentage is the notification threshold.
	OverBudgetNotificationPercentage float64 `json:"over_budget_notification_percentage"`
	// OverBudgetNotificationDate is the date of the last notification, or nil.
	OverBudgetNotificationDate *string `json:"over_budget_notification_date"`
	// ShowBudgetToAll tells whether every user sees the budget.
	ShowBudgetToAll bool `json:"show_budget_to_all"`
	// CreatedAt is the creation datetime (distinct per project).
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// StartsOn is the start date, or nil.
	StartsOn *string `json:"starts_on"`
	// EndsOn is the end date, or nil (always set on archived projects).
	EndsOn *string `json:"ends_on"`
	// IsBillable tells whether the project is billable.
	IsBillable bool `json:"is_billable"`
	// IsFixedFee tells whether the project is billed a fixed fee.
	IsFixedFee bool `json:"is_fixed_fee"`
	// Notes is free text, possibly empty.
	Notes string `json:"notes"`
	// Client is the project's client.
	Client ClientRef `json:"client"`
	// CostBudget is the budget in money, or nil.
	CostBudget *float64 `json:"cost_budget"`
	// CostBudgetIncludeExpenses tells whether expenses count toward CostBudget.
	CostBudgetIncludeExpenses bool `json:"cost_budget_include_expenses"`
	// HourlyRate is the project rate (bill_by "Project"), or nil.
	HourlyRate *float64 `json:"hourly_rate"`
	// Fee is the fixed fee, or nil.
	Fee *float64 `json:"fee"`
}

// Client is a record of GET /v2/clients.
type Client struct {
	// ID is the client's id.
	ID int64 `json:"id"`
	// Name is the client's name (unique).
	Name string `json:"name"`
	// IsActive tells whether the client is active.
	IsActive bool `json:"is_active"`
	// Address is a multi-line postal address ("\r\n" separated).
	Address string `json:"address"`
	// StatementKey is the key of the client dashboard URL.
	StatementKey string `json:"statement_key"`
	// CreatedAt is the creation datetime (distinct per client).
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// Currency is an ISO currency code such as "USD".
	Currency string `json:"currency"`
}

// User is a record of GET /v2/users.
type User struct {
	// ID is the user's id.
	ID int64 `json:"id"`
	// FirstName is the first name.
	FirstName string `json:"first_name"`
	// LastName is the last name.
	LastName string `json:"last_name"`
	// Email is the e-mail address.
	Email string `json:"email"`
	// Telephone is the phone number, possibly empty.
	Telephone string `json:"telephone"`
	// Timezone is a Rails time zone name.
	Timezone string `json:"timezone"`
	// HasAccessToAllFutureProjects tells whether new projects get the user.
	HasAccessToAllFutureProjects bool `json:"has_access_to_all_future_projects"`
	// IsContractor tells whether the user is a contractor.
	IsContractor bool `json:"is_contractor"`
	// IsActive tells whether the user is active.
	IsActive bool `json:"is_active"`
	// CreatedAt is the creation datetime (distinct per user).
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// WeeklyCapacity is the weekly capacity in seconds (126000 or 144000).
	WeeklyCapacity int `json:"weekly_capacity"`
	// DefaultHourlyRate is the default billable rate, or nil.
	DefaultHourlyRate *float64 `json:"default_hourly_rate"`
	// CostRate is the cost rate, or nil.
	CostRate *float64 `json:"cost_rate"`
	// Roles are business role names; never nil (encodes as []).
	Roles []string `json:"roles"`
	// AccessRoles are permission roles such as "administrator", "manager",
	// "member"; never nil.
	AccessRoles []string `json:"access_roles"`
	// AvatarURL is the URL of the user's avatar.
	AvatarURL string `json:"avatar_url"`
}

// Task is a record of GET /v2/tasks.
type Task struct {
	// ID is the task's id.
	ID int64 `json:"id"`
	// Name is the task's name.
	Name string `json:"name"`
	// BillableByDefault tells whether new assignments are billable.
	BillableByDefault bool `json:"billable_by_default"`
	// DefaultHourlyRate is the default rate, or nil.
	DefaultHourlyRate *float64 `json:"default_hourly_rate"`
	// IsDefault tells whether the task is added to new projects.
	IsDefault bool `json:"is_default"`
	// IsActive tells whether the task is active.
	IsActive bool `json:"is_active"`
	// CreatedAt is the creation datetime (distinct per task).
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneTimeEntry(e TimeEntry) TimeEntry {
	e.UserAssignment.Budget = clonePtr(e.UserAssignment.Budget)
	e.UserAssignment.HourlyRate = clonePtr(e.UserAssignment.HourlyRate)
	e.TaskAssignment.Budget = clonePtr(e.TaskAssignment.Budget)
	e.TaskAssignment.HourlyRate = clonePtr(e.TaskAssignment.HourlyRate)
	e.TimerStartedAt = clonePtr(e.TimerStartedAt)
	e.StartedTime = clonePtr(e.StartedTime)
	e.EndedTime = clonePtr(e.EndedTime)
	e.Invoice = clonePtr(e.Invoice)
	e.ExternalReference = clonePtr(e.ExternalReference)
	e.BillableRate = clonePtr(e.BillableRate)
	e.CostRate = clonePtr(e.CostRate)
	return e
}

func cloneProject(p Project) Project {
	p.Budget = clonePtr(p.Budget)
	p.OverBudgetNotificationDate = clonePtr(p.OverBudgetNotificationDate)
	p.StartsOn = clonePtr(p.StartsOn)
	p.EndsOn = clonePtr(p.EndsOn)
	p.CostBudget = clonePtr(p.CostBudget)
	p.HourlyRate = clonePtr(p.HourlyRate)
	p.Fee = clonePtr(p.Fee)
	return p
}

func cloneUser(u User) User {
	u.DefaultHourlyRate = clonePtr(u.DefaultHourlyRate)
	u.CostRate = clonePtr(u.CostRate)
	u.Roles = append([]string{}, u.Roles...)
	u.AccessRoles = append([]string{}, u.AccessRoles...)
	return u
}

func cloneTask(t Task) Task {
	t.DefaultHourlyRate = clonePtr(t.DefaultHourlyRate)
	return t
}

// clone returns a deep copy of d.
func (d *Dataset) clone() *Dataset {
	out := &Dataset{
		TimeEntries: make([]TimeEntry, len(d.TimeEntries)),
		Projects:    make([]Project, len(d.Projects)),
		Clients:     append([]Client{}, d.Clients...),
		Users:       make([]User, len(d.Users)),
		Tasks:       make([]Task, len(d.Tasks)),
	}
	for i, e := range d.TimeEntries {
		out.TimeEntries[i] = cloneTimeEntry(e)
	}
	for i, p := range d.Projects {
		out.Projects[i] = cloneProject(p)
	}
	for i, u := range d.Users {
		out.Users[i] = cloneUser(u)
	}
	for i, t := range d.Tasks {
		out.Tasks[i] = cloneTask(t)
	}
	out.Contacts = deepClone(d.Contacts)
	out.Invoices = deepClone(d.Invoices)
	out.InvoiceMessages = deepClone(d.InvoiceMessages)
	out.InvoicePayments = deepClone(d.InvoicePayments)
	out.InvoiceItemCategories = deepClone(d.InvoiceItemCategories)
	out.Estimates = deepClone(d.Estimates)
	out.EstimateMessages = deepClone(d.EstimateMessages)
	out.EstimateItemCategories = deepClone(d.EstimateItemCategories)
	out.Expenses = deepClone(d.Expenses)
	out.ExpenseCategories = deepClone(d.ExpenseCategories)
	out.TaskAssignments = deepClone(d.TaskAssignments)
	out.UserAssignments = deepClone(d.UserAssignments)
	out.ProjectAssignments = deepClone(d.ProjectAssignments)
	out.BillableRates = deepClone(d.BillableRates)
	out.CostRates = deepClone(d.CostRates)
	out.Teammates = deepClone(d.Teammates)
	out.Roles = deepClone(d.Roles)
	out.Company = d.Company
	return out
}
