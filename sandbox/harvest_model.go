package sandbox

import "reflect"

// The record types below are the Harvest tables beyond the first five
// (reference §1.7, §1.8). Field order follows the documented responses.
// Fields tagged json:"-" tie nested records to their parent (an invoice, a
// user) in the Dataset; the API does not send them.

// NamedRef is an {id, name} object naming a record inside another one
// (a contact's or invoice's client, an invoice's creator).
type NamedRef struct {
	// ID is the record's id.
	ID int64 `json:"id"`
	// Name is the record's name.
	Name string `json:"name"`
}

// IDRef is an {id} object (an invoice's estimate or retainer).
type IDRef struct {
	// ID is the record's id.
	ID int64 `json:"id"`
}

// Contact is a record of GET /v2/contacts.
type Contact struct {
	// ID is the contact's id.
	ID int64 `json:"id"`
	// Client is the contact's client.
	Client NamedRef `json:"client"`
	// Title is the job title.
	Title string `json:"title"`
	// FirstName is the first name.
	FirstName string `json:"first_name"`
	// LastName is the last name.
	LastName string `json:"last_name"`
	// Email is the e-mail address.
	Email string `json:"email"`
	// PhoneOffice is the office phone, possibly empty.
	PhoneOffice string `json:"phone_office"`
	// PhoneMobile is the mobile phone, possibly empty.
	PhoneMobile string `json:"phone_mobile"`
	// Fax is the fax number, possibly empty.
	Fax string `json:"fax"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// InvoiceLineItem is a line of an invoice.
type InvoiceLineItem struct {
	// ID is the line's id.
	ID int64 `json:"id"`
	// Kind is the item category name, e.g. "Service".
	Kind string `json:"kind"`
	// Description is the line's text.
	Description string `json:"description"`
	// Quantity is the number of units (hours for services).
	Quantity float64 `json:"quantity"`
	// UnitPrice is the price of a unit.
	UnitPrice float64 `json:"unit_price"`
	// Amount is Quantity * UnitPrice.
	Amount float64 `json:"amount"`
	// Taxed tells whether Tax applies.
	Taxed bool `json:"taxed"`
	// Taxed2 tells whether Tax2 applies.
	Taxed2 bool `json:"taxed2"`
	// Project is the line's project, or nil.
	Project *ProjectRef `json:"project"`
}

// Invoice is a record of GET /v2/invoices.
type Invoice struct {
	// ID is the invoice's id; time entries name it in their invoice object.
	ID int64 `json:"id"`
	// ClientKey is the key of the client's invoice URL.
	ClientKey string `json:"client_key"`
	// Number is the invoice number, a string.
	Number string `json:"number"`
	// PurchaseOrder is the client's PO number, possibly empty.
	PurchaseOrder string `json:"purchase_order"`
	// Amount is the total, taxes included.
	Amount float64 `json:"amount"`
	// DueAmount is what remains to be paid.
	DueAmount float64 `json:"due_amount"`
	// Tax is the tax percentage, or nil.
	Tax *float64 `json:"tax"`
	// TaxAmount is the tax amount.
	TaxAmount float64 `json:"tax_amount"`
	// Tax2 is the second tax percentage, or nil.
	Tax2 *float64 `json:"tax2"`
	// Tax2Amount is the second tax amount.
	Tax2Amount float64 `json:"tax2_amount"`
	// Discount is the discount percentage, or nil.
	Discount *float64 `json:"discount"`
	// DiscountAmount is the discount amount.
	DiscountAmount float64 `json:"discount_amount"`
	// Subject is the invoice's subject.
	Subject string `json:"subject"`
	// Notes is free text.
	Notes string `json:"notes"`
	// State is "draft", "open", "paid" or "closed".
	State string `json:"state"`
	// PeriodStart is the first day invoiced.
	PeriodStart *string `json:"period_start"`
	// PeriodEnd is the last day invoiced.
	PeriodEnd *string `json:"period_end"`
	// IssueDate is the issue date; lists are sorted by it.
	IssueDate string `json:"issue_date"`
	// DueDate is the due date.
	DueDate string `json:"due_date"`
	// PaymentTerm is e.g. "net 30".
	PaymentTerm string `json:"payment_term"`
	// PaymentOptions are the accepted payment methods; never nil.
	PaymentOptions []string `json:"payment_options"`
	// SentAt is when the invoice was sent, or nil (drafts).
	SentAt *string `json:"sent_at"`
	// PaidAt is when it was fully paid, or nil.
	PaidAt *string `json:"paid_at"`
	// PaidDate is the date it was fully paid, or nil.
	PaidDate *string `json:"paid_date"`
	// ClosedAt is when it was closed, or nil.
	ClosedAt *string `json:"closed_at"`
	// RecurringInvoiceID is the recurring template's id, or nil.
	RecurringInvoiceID *int64 `json:"recurring_invoice_id"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// Currency is the client's currency.
	Currency string `json:"currency"`
	// Client is the invoiced client.
	Client NamedRef `json:"client"`
	// Estimate is the estimate invoiced, or nil.
	Estimate *IDRef `json:"estimate"`
	// Retainer is the retainer drawn on, or nil.
	Retainer *IDRef `json:"retainer"`
	// Creator is the user who created the invoice.
	Creator NamedRef `json:"creator"`
	// LineItems are the invoice's lines; never nil.
	LineItems []InvoiceLineItem `json:"line_items"`
}

// MessageRecipient is a recipient of an invoice or estimate message.
type MessageRecipient struct {
	// Name is the recipient's name.
	Name string `json:"name"`
	// Email is the recipient's address.
	Email string `json:"email"`
}

// InvoiceMessage is a record of GET /v2/invoices/{id}/messages.
type InvoiceMessage struct {
	// ID is the message's id.
	ID int64 `json:"id"`
	// SentBy is the sender's name.
	SentBy string `json:"sent_by"`
	// SentByEmail is the sender's address.
	SentByEmail string `json:"sent_by_email"`
	// SentFrom is the name in the From header.
	SentFrom string `json:"sent_from"`
	// SentFromEmail is the address in the From header.
	SentFromEmail string `json:"sent_from_email"`
	// Recipients are the recipients; never nil.
	Recipients []MessageRecipient `json:"recipients"`
	// Subject is the message's subject.
	Subject string `json:"subject"`
	// Body is the message's text.
	Body string `json:"body"`
	// IncludeLinkToClientInvoice is deprecated.
	IncludeLinkToClientInvoice bool `json:"include_link_to_client_invoice"`
	// AttachPDF tells whether the PDF was attached.
	AttachPDF bool `json:"attach_pdf"`
	// SendMeACopy tells whether the sender got a copy.
	SendMeACopy bool `json:"send_me_a_copy"`
	// ThankYou tells whether it is a thank-you message.
	ThankYou bool `json:"thank_you"`
	// EventType is "close", "draft", "re-open", "send", or nil for a
	// normal message.
	EventType *string `json:"event_type"`
	// Reminder tells whether it is a reminder.
	Reminder bool `json:"reminder"`
	// SendReminderOn is the date a reminder is scheduled, or nil.
	SendReminderOn *string `json:"send_reminder_on"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// InvoiceID is the invoice's id (the path parameter; not sent).
	InvoiceID int64 `json:"-"`
}

// PaymentGateway is the gateway of an online payment.
type PaymentGateway struct {
	// ID is the gateway's id.
	ID int64 `json:"id"`
	// Name is e.g. "Stripe".
	Name string `json:"name"`
}

// InvoicePayment is a record of GET /v2/invoices/{id}/payments.
type InvoicePayment struct {
	// ID is the payment's id.
	ID int64 `json:"id"`
	// Amount is the amount paid.
	Amount float64 `json:"amount"`
	// PaidAt is when it was paid.
	PaidAt string `json:"paid_at"`
	// PaidDate is the date it was paid.
	PaidDate string `json:"paid_date"`
	// RecordedBy is the name of who recorded it.
	RecordedBy string `json:"recorded_by"`
	// RecordedByEmail is the address of who recorded it.
	RecordedByEmail string `json:"recorded_by_email"`
	// Notes is free text.
	Notes string `json:"notes"`
	// TransactionID is the gateway's transaction id, possibly empty.
	TransactionID string `json:"transaction_id"`
	// PaymentGateway is the gateway of an online payment, or nil.
	PaymentGateway *PaymentGateway `json:"payment_gateway"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// InvoiceID is the invoice's id (the path parameter; not sent).
	InvoiceID int64 `json:"-"`
}

// InvoiceItemCategory is a record of GET /v2/invoice_item_categories.
type InvoiceItemCategory struct {
	// ID is the category's id.
	ID int64 `json:"id"`
	// Name is the category's name.
	Name string `json:"name"`
	// UseAsService tells whether time is invoiced under it.
	UseAsService bool `json:"use_as_service"`
	// UseAsExpense tells whether expenses are invoiced under it.
	UseAsExpense bool `json:"use_as_expense"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// EstimateLineItem is a line of an estimate.
type EstimateLineItem struct {
	// ID is the line's id.
	ID int64 `json:"id"`
	// Kind is the item category name.
	Kind string `json:"kind"`
	// Description is the line's text.
	Description string `json:"description"`
	// Quantity is the number of units.
	Quantity float64 `json:"quantity"`
	// UnitPrice is the price of a unit.
	UnitPrice float64 `json:"unit_price"`
	// Amount is Quantity * UnitPrice.
	Amount float64 `json:"amount"`
	// Taxed tells whether Tax applies.
	Taxed bool `json:"taxed"`
	// Taxed2 tells whether Tax2 applies.
	Taxed2 bool `json:"taxed2"`
}

// Estimate is a record of GET /v2/estimates.
type Estimate struct {
	// ID is the estimate's id.
	ID int64 `json:"id"`
	// ClientKey is the key of the client's estimate URL.
	ClientKey string `json:"client_key"`
	// Number is the estimate number, a string.
	Number string `json:"number"`
	// PurchaseOrder is the client's PO number, possibly empty.
	PurchaseOrder string `json:"purchase_order"`
	// Amount is the total, taxes included.
	Amount float64 `json:"amount"`
	// Tax is the tax percentage, or nil.
	Tax *float64 `json:"tax"`
	// TaxAmount is the tax amount.
	TaxAmount float64 `json:"tax_amount"`
	// Tax2 is the second tax percentage, or nil.
	Tax2 *float64 `json:"tax2"`
	// Tax2Amount is the second tax amount.
	Tax2Amount float64 `json:"tax2_amount"`
	// Discount is the discount percentage, or nil.
	Discount *float64 `json:"discount"`
	// DiscountAmount is the discount amount.
	DiscountAmount float64 `json:"discount_amount"`
	// Subject is the estimate's subject.
	Subject string `json:"subject"`
	// Notes is free text.
	Notes string `json:"notes"`
	// State is "draft", "sent", "accepted" or "declined".
	State string `json:"state"`
	// IssueDate is the issue date, or nil for drafts.
	IssueDate *string `json:"issue_date"`
	// SentAt is when it was sent, or nil.
	SentAt *string `json:"sent_at"`
	// AcceptedAt is when it was accepted, or nil.
	AcceptedAt *string `json:"accepted_at"`
	// DeclinedAt is when it was declined, or nil.
	DeclinedAt *string `json:"declined_at"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// Currency is the client's currency.
	Currency string `json:"currency"`
	// Client is the client.
	Client NamedRef `json:"client"`
	// Creator is the user who created the estimate.
	Creator NamedRef `json:"creator"`
	// LineItems are the estimate's lines; never nil.
	LineItems []EstimateLineItem `json:"line_items"`
}

// EstimateMessage is a record of GET /v2/estimates/{id}/messages.
type EstimateMessage struct {
	// ID is the message's id.
	ID int64 `json:"id"`
	// SentBy is the sender's name.
	SentBy string `json:"sent_by"`
	// SentByEmail is the sender's address.
	SentByEmail string `json:"sent_by_email"`
	// SentFrom is the name in the From header.
	SentFrom string `json:"sent_from"`
	// SentFromEmail is the address in the From header.
	SentFromEmail string `json:"sent_from_email"`
	// Recipients are the recipients; never nil.
	Recipients []MessageRecipient `json:"recipients"`
	// Subject is the message's subject.
	Subject string `json:"subject"`
	// Body is the message's text.
	Body string `json:"body"`
	// SendMeACopy tells whether the sender got a copy.
	SendMeACopy bool `json:"send_me_a_copy"`
	// EventType is "send", "accept", "decline", "re-open", "view" or
	// "invoice".
	EventType *string `json:"event_type"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// EstimateID is the estimate's id (the path parameter; not sent).
	EstimateID int64 `json:"-"`
}

// EstimateItemCategory is a record of GET /v2/estimate_item_categories.
type EstimateItemCategory struct {
	// ID is the category's id.
	ID int64 `json:"id"`
	// Name is the category's name.
	Name string `json:"name"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// ExpenseCategoryRef is the expense_category object of an expense.
type ExpenseCategoryRef struct {
	// ID is the category's id.
	ID int64 `json:"id"`
	// Name is the category's name.
	Name string `json:"name"`
	// UnitPrice is the price of a unit, or nil.
	UnitPrice *float64 `json:"unit_price"`
	// UnitName is the unit's name, or nil.
	UnitName *string `json:"unit_name"`
}

// Receipt is the receipt file of an expense.
type Receipt struct {
	// URL is the file's URL.
	URL string `json:"url"`
	// FileName is the file's name.
	FileName string `json:"file_name"`
	// FileSize is the size in bytes.
	FileSize int64 `json:"file_size"`
	// ContentType is the MIME type.
	ContentType string `json:"content_type"`
}

// Expense is a record of GET /v2/expenses.
type Expense struct {
	// ID is the expense's id.
	ID int64 `json:"id"`
	// Client is the client of Project.
	Client ClientRef `json:"client"`
	// Project is the project.
	Project ProjectRef `json:"project"`
	// ExpenseCategory is the category.
	ExpenseCategory ExpenseCategoryRef `json:"expense_category"`
	// User is who spent it.
	User UserRef `json:"user"`
	// UserAssignment is the user's assignment to the project.
	UserAssignment UserAssignment `json:"user_assignment"`
	// Receipt is the receipt, or nil.
	Receipt *Receipt `json:"receipt"`
	// Invoice is the invoice it is on, or nil.
	Invoice *InvoiceRef `json:"invoice"`
	// Notes is free text.
	Notes string `json:"notes"`
	// Units is the number of units of unit-priced categories, or nil.
	Units *float64 `json:"units"`
	// TotalCost is the amount.
	TotalCost float64 `json:"total_cost"`
	// Billable tells whether it is billable.
	Billable bool `json:"billable"`
	// IsClosed tells whether it was approved.
	IsClosed bool `json:"is_closed"`
	// IsLocked tells whether it is locked.
	IsLocked bool `json:"is_locked"`
	// IsBilled tells whether it is on an invoice.
	IsBilled bool `json:"is_billed"`
	// LockedReason explains IsLocked.
	LockedReason string `json:"locked_reason"`
	// SpentDate is the date spent; lists are sorted by it.
	SpentDate string `json:"spent_date"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// ExpenseCategory is a record of GET /v2/expense_categories.
type ExpenseCategory struct {
	// ID is the category's id.
	ID int64 `json:"id"`
	// Name is the category's name.
	Name string `json:"name"`
	// UnitName is the unit's name, or nil.
	UnitName *string `json:"unit_name"`
	// UnitPrice is the price of a unit, or nil.
	UnitPrice *float64 `json:"unit_price"`
	// IsActive tells whether the category is active.
	IsActive bool `json:"is_active"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// ProjectTaskAssignment is a record of GET /v2/task_assignments: a task
// assigned to a project. Time entries carry the same id and values in
// their task_assignment object.
type ProjectTaskAssignment struct {
	// ID is the assignment's id.
	ID int64 `json:"id"`
	// Project is the project.
	Project ProjectRef `json:"project"`
	// Task is the task.
	Task TaskRef `json:"task"`
	// IsActive tells whether the assignment is active.
	IsActive bool `json:"is_active"`
	// Billable tells whether the task is billable on the project.
	Billable bool `json:"billable"`
	// HourlyRate is the task's rate on the project, or nil.
	HourlyRate *float64 `json:"hourly_rate"`
	// Budget is the assignment's budget, or nil.
	Budget *float64 `json:"budget"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// ProjectUserAssignment is a record of GET /v2/user_assignments: a user
// assigned to a project. Time entries carry the same id and values in
// their user_assignment object.
type ProjectUserAssignment struct {
	// ID is the assignment's id.
	ID int64 `json:"id"`
	// Project is the project.
	Project ProjectRef `json:"project"`
	// User is the user.
	User UserRef `json:"user"`
	// IsActive tells whether the assignment is active.
	IsActive bool `json:"is_active"`
	// IsProjectManager tells whether the user manages the project.
	IsProjectManager bool `json:"is_project_manager"`
	// UseDefaultRates tells whether the user's default rates apply.
	UseDefaultRates bool `json:"use_default_rates"`
	// HourlyRate is the user's rate on the project, or nil.
	HourlyRate *float64 `json:"hourly_rate"`
	// Budget is the assignment's budget, or nil.
	Budget *float64 `json:"budget"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// ProjectAssignmentTask is a task assignment nested in a project
// assignment.
type ProjectAssignmentTask struct {
	// ID is the task assignment's id.
	ID int64 `json:"id"`
	// Billable tells whether the task is billable on the project.
	Billable bool `json:"billable"`
	// IsActive tells whether the assignment is active.
	IsActive bool `json:"is_active"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// HourlyRate is the task's rate, or nil.
	HourlyRate *float64 `json:"hourly_rate"`
	// Budget is the budget, or nil.
	Budget *float64 `json:"budget"`
	// Task is the task.
	Task TaskRef `json:"task"`
}

// ProjectAssignment is a record of GET /v2/users/{id}/project_assignments:
// one active assignment of the user, with the project's task assignments.
type ProjectAssignment struct {
	// ID is the user assignment's id.
	ID int64 `json:"id"`
	// IsActive is always true: only active assignments are listed.
	IsActive bool `json:"is_active"`
	// IsProjectManager tells whether the user manages the project.
	IsProjectManager bool `json:"is_project_manager"`
	// UseDefaultRates tells whether the user's default rates apply.
	UseDefaultRates bool `json:"use_default_rates"`
	// HourlyRate is the user's rate on the project, or nil.
	HourlyRate *float64 `json:"hourly_rate"`
	// Budget is the budget, or nil.
	Budget *float64 `json:"budget"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// Project is the project.
	Project ProjectRef `json:"project"`
	// Client is the project's client.
	Client NamedRef `json:"client"`
	// TaskAssignments are the project's active task assignments; never nil.
	TaskAssignments []ProjectAssignmentTask `json:"task_assignments"`
	// UserID is the user's id (the path parameter; not sent).
	UserID int64 `json:"-"`
}

// Rate is a record of GET /v2/users/{id}/billable_rates and cost_rates.
type Rate struct {
	// ID is the rate's id.
	ID int64 `json:"id"`
	// Amount is the hourly amount.
	Amount float64 `json:"amount"`
	// StartDate is the first day the rate applies.
	StartDate string `json:"start_date"`
	// EndDate is the last day it applies, nil for the current rate.
	EndDate *string `json:"end_date"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// UserID is the user's id (the path parameter; not sent).
	UserID int64 `json:"-"`
}

// Teammate is a record of GET /v2/users/{id}/teammates.
type Teammate struct {
	// ID is the teammate's user id.
	ID int64 `json:"id"`
	// FirstName is the first name.
	FirstName string `json:"first_name"`
	// LastName is the last name.
	LastName string `json:"last_name"`
	// Email is the e-mail address.
	Email string `json:"email"`
	// ManagerID is the managing user's id (the path parameter; not sent).
	ManagerID int64 `json:"-"`
}

// Role is a record of GET /v2/roles.
type Role struct {
	// ID is the role's id.
	ID int64 `json:"id"`
	// Name is the role's name (a business role of users).
	Name string `json:"name"`
	// UserIDs are the ids of the users with the role; never nil.
	UserIDs []int64 `json:"user_ids"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// Company is the bare object of GET /v2/company.
type Company struct {
	// BaseURI is the account's web URL.
	BaseURI string `json:"base_uri"`
	// FullDomain is the account's host.
	FullDomain string `json:"full_domain"`
	// Name is the company's name.
	Name string `json:"name"`
	// IsActive tells whether the account is active.
	IsActive bool `json:"is_active"`
	// WeekStartDay is "Saturday", "Sunday" or "Monday".
	WeekStartDay string `json:"week_start_day"`
	// WantsTimestampTimers tells whether start and end times are tracked.
	WantsTimestampTimers bool `json:"wants_timestamp_timers"`
	// TimeFormat is "decimal" or "hours_minutes".
	TimeFormat string `json:"time_format"`
	// DateFormat is a strftime format such as "%Y-%m-%d".
	DateFormat string `json:"date_format"`
	// PlanType is the subscription plan.
	PlanType string `json:"plan_type"`
	// ExpenseFeature tells whether expenses are enabled.
	ExpenseFeature bool `json:"expense_feature"`
	// InvoiceFeature tells whether invoices are enabled.
	InvoiceFeature bool `json:"invoice_feature"`
	// EstimateFeature tells whether estimates are enabled.
	EstimateFeature bool `json:"estimate_feature"`
	// ApprovalFeature tells whether timesheet approval is enabled.
	ApprovalFeature bool `json:"approval_feature"`
	// TeamFeature tells whether teams are enabled.
	TeamFeature bool `json:"team_feature"`
	// Clock is "12h" or "24h".
	Clock string `json:"clock"`
	// CurrencyCodeDisplay is e.g. "iso_code_none".
	CurrencyCodeDisplay string `json:"currency_code_display"`
	// CurrencySymbolDisplay is e.g. "symbol_before".
	CurrencySymbolDisplay string `json:"currency_symbol_display"`
	// DecimalSymbol is "." or ",".
	DecimalSymbol string `json:"decimal_symbol"`
	// ThousandsSeparator is "," or ".".
	ThousandsSeparator string `json:"thousands_separator"`
	// ColorScheme is the UI color scheme.
	ColorScheme string `json:"color_scheme"`
	// WeeklyCapacity is the default weekly capacity in seconds.
	WeeklyCapacity int `json:"weekly_capacity"`
}

// deepClone returns a deep copy of v: pointers, slices and maps are copied
// (nil stays nil, empty stays empty), so the copy shares no memory.
func deepClone[T any](v T) T {
	src := reflect.ValueOf(&v).Elem()
	dst := reflect.New(src.Type()).Elem()
	copyValue(dst, src)
	return dst.Interface().(T)
}

func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			copyValue(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			val := reflect.New(it.Value().Type()).Elem()
			copyValue(val, it.Value())
			m.SetMapIndex(it.Key(), val)
		}
		dst.Set(m)
	case reflect.Struct:
		for i := range src.NumField() {
			copyValue(dst.Field(i), src.Field(i))
		}
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		val := reflect.New(src.Elem().Type()).Elem()
		copyValue(val, src.Elem())
		dst.Set(val)
	default:
		dst.Set(src)
	}
}
