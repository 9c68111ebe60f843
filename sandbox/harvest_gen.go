package sandbox

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// First ids of the Harvest tables added to the first five.
const (
	contactBaseID              = 4706479
	lineItemBaseID             = 53341602
	invoiceMessageBaseID       = 27835209
	invoicePaymentBaseID       = 10112854
	invoiceItemCategoryBaseID  = 1466293
	estimateBaseID             = 1439818
	estimateLineItemBaseID     = 53334195
	estimateMessageBaseID      = 2666236
	estimateItemCategoryBaseID = 1378704
	expenseBaseID              = 15296442
	expenseCategoryBaseID      = 4195926
	billableRateBaseID         = 1836493
	costRateBaseID             = 825301
	roleBaseID                 = 617630
)

var (
	contactTitles        = []string{"CEO", "CFO", "Office Manager", "Project Lead", "Accounts Payable", "CTO"}
	expenseCategorySpecs = []struct {
		name      string
		unitName  *string
		unitPrice *float64
	}{
		{"Mileage", ptr("mile"), ptr(0.655)}, {"Lodging", nil, nil}, {"Meals", nil, nil},
		{"Transportation", nil, nil}, {"Entertainment", nil, nil}, {"Software", nil, nil},
	}
	expenseNotes = []string{"Client visit", "Conference travel", "Team lunch with client", "Hosting subscription",
		"Taxi to the airport", "Hotel, 2 nights", "Workshop supplies"}
)

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// generateHarvestExtra adds the tables beyond the first five. It draws from
// its own random stream, so the first five tables are the same as before.
func generateHarvestExtra(ds *Dataset, opts Options) {
	g := &generator{r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x68617276657374))}
	rows := opts.Rows
	projectIdx := map[int64]int{}
	for i, p := range ds.Projects {
		projectIdx[p.ID] = i
	}
	clientIdx := map[int64]int{}
	for i, c := range ds.Clients {
		clientIdx[c.ID] = i
	}
	taskIdx := map[int64]int{}
	for i, t := range ds.Tasks {
		taskIdx[t.ID] = i
	}
	owner := ds.Users[0]
	ownerRef := NamedRef{ID: owner.ID, Name: owner.FirstName + " " + owner.LastName}

	// Company.
	ds.Company = Company{BaseURI: "https://sandbox-co.harvestapp.com", FullDomain: "sandbox-co.harvestapp.com",
		Name: "Sandbox Co", IsActive: true, WeekStartDay: "Monday", WantsTimestampTimers: true,
		TimeFormat: "hours_minutes", DateFormat: "%Y-%m-%d", PlanType: "business", ExpenseFeature: true,
		InvoiceFeature: true, EstimateFeature: true, ApprovalFeature: true, TeamFeature: true, Clock: "12h",
		CurrencyCodeDisplay: "iso_code_none", CurrencySymbolDisplay: "symbol_before", DecimalSymbol: ".",
		ThousandsSeparator: ",", ColorScheme: "orange", WeeklyCapacity: 126000}

	// Item and expense categories.
	itemCreated := time.Date(2020, 6, 1, 9, 0, 0, 0, time.UTC)
	for k, spec := range []struct {
		name             string
		service, expense bool
	}{{"Service", true, false}, {"Product", false, true}, {"Travel", false, true}, {"Design", true, false}} {
		c := itemCreated.Add(time.Duration(k) * time.Hour)
		ds.InvoiceItemCategories = append(ds.InvoiceItemCategories, InvoiceItemCategory{
			ID: invoiceItemCategoryBaseID + int64(k)*3, Name: spec.name, UseAsService: spec.service, UseAsExpense: spec.expense,
			CreatedAt: fmtDatetime(c), UpdatedAt: fmtDatetime(c)})
	}
	for k, name := range []string{"Service", "Product"} {
		c := itemCreated.Add(time.Duration(k) * time.Hour)
		ds.EstimateItemCategories = append(ds.EstimateItemCategories, EstimateItemCategory{
			ID: estimateItemCategoryBaseID + int64(k)*3, Name: name, CreatedAt: fmtDatetime(c), UpdatedAt: fmtDatetime(c)})
	}
	for k, spec := range expenseCategorySpecs {
		c := itemCreated.AddDate(0, 0, k)
		ds.ExpenseCategories = append(ds.ExpenseCategories, ExpenseCategory{ID: expenseCategoryBaseID + int64(k)*7,
			Name: spec.name, UnitName: clonePtr(spec.unitName), UnitPrice: clonePtr(spec.unitPrice),
			IsActive: k != 4, CreatedAt: fmtDatetime(c), UpdatedAt: fmtDatetime(g.updatedAfter(c, 0.5, 900*24*time.Hour))})
	}

	// Contacts: one to three per client.
	contactID := int64(contactBaseID)
	for _, c := range ds.Clients {
		domain := strings.ToLower(strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, c.Name)) + ".example.com"
		for k := range 1 + g.pick(3) {
			first, last := firstNames[g.pick(len(firstNames))], lastNames[g.pick(len(lastNames))]
			created := mustDatetime(c.CreatedAt).Add(time.Duration(k+1)*time.Hour + time.Duration(g.pick(3600))*time.Second)
			ct := Contact{ID: contactID, Client: NamedRef{ID: c.ID, Name: c.Name}, Title: contactTitles[g.pick(len(contactTitles))],
				FirstName: first, LastName: last, Email: strings.ToLower(first+"."+last) + "@" + domain,
				CreatedAt: fmtDatetime(created), UpdatedAt: fmtDatetime(g.updatedAfter(created, 0.4, 700*24*time.Hour))}
			if g.chance(0.8) {
				ct.PhoneOffice = fmt.Sprintf("+1 555-02%02d", g.pick(100))
			}
			if g.chance(0.5) {
				ct.PhoneMobile = fmt.Sprintf("+1 555-03%02d", g.pick(100))
			}
			if g.chance(0.1) {
				ct.Fax = fmt.Sprintf("+1 555-04%02d", g.pick(100))
			}
			ds.Contacts = append(ds.Contacts, ct)
			contactID += 1 + int64(g.pick(9))
		}
	}
	sortStable(ds.Contacts, func(a, b *Contact) int {
		return cmp.Or(strings.Compare(a.CreatedAt, b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})

	// Task and user assignments: those the time entries name, plus the
	// default tasks of every project.
	taByID := map[int64]ProjectTaskAssignment{}
	uaByID := map[int64]ProjectUserAssignment{}
	for _, e := range ds.TimeEntries {
		if _, ok := taByID[e.TaskAssignment.ID]; !ok {
			ta := e.TaskAssignment
			taByID[ta.ID] = ProjectTaskAssignment{ID: ta.ID, Project: e.Project, Task: e.Task, IsActive: ta.IsActive,
				Billable: ta.Billable, HourlyRate: clonePtr(ta.HourlyRate), Budget: clonePtr(ta.Budget),
				CreatedAt: ta.CreatedAt, UpdatedAt: ta.UpdatedAt}
		}
		if _, ok := uaByID[e.UserAssignment.ID]; !ok {
			ua := e.UserAssignment
			uaByID[ua.ID] = ProjectUserAssignment{ID: ua.ID, Project: e.Project, User: e.User, IsActive: ua.IsActive,
				IsProjectManager: ua.IsProjectManager, UseDefaultRates: ua.UseDefaultRates, HourlyRate: clonePtr(ua.HourlyRate),
				Budget: clonePtr(ua.Budget), CreatedAt: ua.CreatedAt, UpdatedAt: ua.UpdatedAt}
		}
	}
	for pi, p := range ds.Projects {
		for ti, t := range ds.Tasks {
			id := taBaseID + int64(pi)*100 + int64(ti)
			if _, ok := taByID[id]; ok || !t.IsDefault {
				continue
			}
			taByID[id] = ProjectTaskAssignment{ID: id, Project: ProjectRef{ID: p.ID, Name: p.Name, Code: p.Code},
				Task: TaskRef{ID: t.ID, Name: t.Name}, IsActive: true, Billable: p.IsBillable && t.BillableByDefault,
				HourlyRate: clonePtr(t.DefaultHourlyRate), CreatedAt: p.CreatedAt, UpdatedAt: p.CreatedAt}
		}
	}
	byCreatedAsc := func(ca, cb string, ia, ib int64) int { return cmp.Or(strings.Compare(ca, cb), cmp.Compare(ia, ib)) }
	for _, ta := range taByID {
		ds.TaskAssignments = append(ds.TaskAssignments, ta)
	}
	slices.SortFunc(ds.TaskAssignments, func(a, b ProjectTaskAssignment) int { return byCreatedAsc(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	for _, ua := range uaByID {
		ds.UserAssignments = append(ds.UserAssignments, ua)
	}
	slices.SortFunc(ds.UserAssignments, func(a, b ProjectUserAssignment) int { return byCreatedAsc(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })

	// Project assignments: the active user assignments, with the project's
	// active task assignments (indexed by project, in TaskAssignments order,
	// so that this stays linear in the number of assignments).
	activeTAs := map[int64][]int{}
	for k, ta := range ds.TaskAssignments {
		if ta.IsActive {
			activeTAs[ta.Project.ID] = append(activeTAs[ta.Project.ID], k)
		}
	}
	for _, ua := range ds.UserAssignments {
		if !ua.IsActive {
			continue
		}
		p := ds.Projects[projectIdx[ua.Project.ID]]
		pa := ProjectAssignment{ID: ua.ID, IsActive: true, IsProjectManager: ua.IsProjectManager, UseDefaultRates: ua.UseDefaultRates,
			HourlyRate: clonePtr(ua.HourlyRate), Budget: clonePtr(ua.Budget), CreatedAt: ua.CreatedAt, UpdatedAt: ua.UpdatedAt,
			Project: ua.Project, Client: NamedRef{ID: p.Client.ID, Name: p.Client.Name},
			TaskAssignments: []ProjectAssignmentTask{}, UserID: ua.User.ID}
		for _, k := range activeTAs[ua.Project.ID] {
			ta := ds.TaskAssignments[k]
			pa.TaskAssignments = append(pa.TaskAssignments, ProjectAssignmentTask{ID: ta.ID, Billable: ta.Billable,
				IsActive: ta.IsActive, CreatedAt: ta.CreatedAt, UpdatedAt: ta.UpdatedAt, HourlyRate: clonePtr(ta.HourlyRate),
				Budget: clonePtr(ta.Budget), Task: ta.Task})
		}
		ds.ProjectAssignments = append(ds.ProjectAssignments, pa)
	}

	// Billable and cost rates: a short history ending at the user's rate.
	rates := func(base int64, current func(User) *float64) []Rate {
		var out []Rate
		id := base
		for _, u := range ds.Users {
			cur := current(u)
			if cur == nil {
				continue
			}
			n := 1 + g.pick(3)
			start := mustDatetime(u.CreatedAt).Truncate(24 * time.Hour)
			for k := range n {
				r := Rate{ID: id, Amount: *cur - float64(5*(n-1-k)), StartDate: fmtDate(start), UserID: u.ID}
				created := start.Add(9 * time.Hour)
				next := start.AddDate(0, 6+g.pick(12), 0)
				if k < n-1 {
					r.EndDate = ptr(fmtDate(next.AddDate(0, 0, -1)))
				}
				r.CreatedAt, r.UpdatedAt = fmtDatetime(created), fmtDatetime(created)
				out = append(out, r)
				id += 1 + int64(g.pick(5))
				start = next
			}
		}
		return out
	}
	ds.BillableRates = rates(billableRateBaseID, func(u User) *float64 { return u.DefaultHourlyRate })
	ds.CostRates = rates(costRateBaseID, func(u User) *float64 { return u.CostRate })

	// Teammates of the managers.
	for _, m := range ds.Users {
		if !slices.Contains(m.AccessRoles, "manager") {
			continue
		}
		var members []User
		for _, u := range ds.Users {
			if u.ID != m.ID && slices.Equal(u.AccessRoles, []string{"member"}) {
				members = append(members, u)
			}
		}
		if len(members) == 0 {
			continue
		}
		for _, k := range g.r.Perm(len(members))[:min(len(members), 1+g.pick(3))] {
			u := members[k]
			ds.Teammates = append(ds.Teammates, Teammate{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Email: u.Email, ManagerID: m.ID})
		}
	}
	sortStable(ds.Teammates, func(a, b *Teammate) int {
		return cmp.Or(cmp.Compare(a.ManagerID, b.ManagerID), cmp.Compare(a.ID, b.ID))
	})

	// Roles: the business roles users hold.
	for k, name := range businessRoles {
		r := Role{ID: roleBaseID + int64(k)*11, Name: name, UserIDs: []int64{}}
		for _, u := range ds.Users {
			if slices.Contains(u.Roles, name) {
				r.UserIDs = append(r.UserIDs, u.ID)
			}
		}
		c := time.Date(2020, 7, 1+k, 9, 0, 0, 0, time.UTC)
		r.CreatedAt, r.UpdatedAt = fmtDatetime(c), fmtDatetime(g.updatedAfter(c, 0.5, 600*24*time.Hour))
		ds.Roles = append(ds.Roles, r)
	}

	// Invoices: one per client and month of billed time (the ids the time
	// entries carry), issued on the 2nd of the next month.
	type invoiceAcc struct {
		id       int64
		number   string
		client   int
		month    int
		hours    map[int64]float64 // project id -> hours
		amount   map[int64]float64 // project id -> amount
		expenses []int             // indexes into ds.Expenses
	}
	invoices := map[int64]*invoiceAcc{}
	for _, e := range ds.TimeEntries {
		if e.Invoice == nil {
			continue
		}
		acc := invoices[e.Invoice.ID]
		if acc == nil {
			off := e.Invoice.ID - invoiceBaseID
			acc = &invoiceAcc{id: e.Invoice.ID, number: e.Invoice.Number, client: int(off / 1000), month: int(off % 1000),
				hours: map[int64]float64{}, amount: map[int64]float64{}}
			invoices[e.Invoice.ID] = acc
		}
		acc.hours[e.Project.ID] += e.Hours
		acc.amount[e.Project.ID] += e.Hours * *e.BillableRate
	}

	// Expenses: drawn from the time entries, so that each one is by a user
	// on a project and a day where that user worked.
	var done []int
	for i, e := range ds.TimeEntries {
		if !e.IsRunning {
			done = append(done, i)
		}
	}
	nExpenses := max(5, rows/5)
	if len(done) == 0 {
		nExpenses = 0
	}
	for range nExpenses {
		e := ds.TimeEntries[done[g.pick(len(done))]]
		p := ds.Projects[projectIdx[e.Project.ID]]
		cat := ds.ExpenseCategories[g.pick(len(ds.ExpenseCategories))]
		spent := mustDate(e.SpentDate)
		x := Expense{Client: e.Client, Project: e.Project,
			ExpenseCategory: ExpenseCategoryRef{ID: cat.ID, Name: cat.Name, UnitPrice: clonePtr(cat.UnitPrice), UnitName: clonePtr(cat.UnitName)},
			User:            e.User, UserAssignment: deepClone(e.UserAssignment), SpentDate: e.SpentDate,
			Notes: expenseNotes[g.pick(len(expenseNotes))]}
		if cat.UnitPrice != nil {
			units := float64(10 + g.pick(290))
			x.Units = &units
			x.TotalCost = round2(units * *cat.UnitPrice)
		} else {
			x.TotalCost = round2(float64(1000+g.pick(79000)) / 100)
		}
		x.Billable = p.IsBillable && g.chance(0.6)
		month := (spent.Year()-firstSpentDate.Year())*12 + int(spent.Month()) - 1
		invID := invoiceBaseID + int64(clientIdx[e.Client.ID])*1000 + int64(month)
		if acc := invoices[invID]; x.Billable && acc != nil && g.chance(0.7) {
			x.IsBilled = true
			x.Invoice = &InvoiceRef{ID: invID, Number: acc.number}
		}
		x.IsClosed = x.IsBilled || spent.Before(time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)) && g.chance(0.7)
		x.IsLocked = x.IsBilled || x.IsClosed
		switch {
		case x.IsBilled:
			x.LockedReason = "Item Invoiced and Approved and Locked for this Time Period"
		case x.IsClosed:
			x.LockedReason = "Item Approved and Locked for this Time Period"
		}
		if g.chance(0.5) {
			x.Receipt = &Receipt{URL: "https://cache.harvestapp.com/uploads/receipts/" + g.hex(16) + ".png",
				FileName: "receipt.png", FileSize: int64(10000 + g.pick(200000)), ContentType: "image/png"}
		}
		created := spent.Add(time.Duration(17*3600+g.pick(20000)) * time.Second)
		if created.After(sandboxNow) {
			created = sandboxNow
		}
		upd := g.updatedAfter(created, 0.5, 40*24*time.Hour)
		if x.IsBilled {
			inv := time.Date(spent.Year(), spent.Month()+1, 2, 11, 0, 0, 0, time.UTC)
			if upd.Before(inv) {
				upd = inv
			}
		}
		x.CreatedAt, x.UpdatedAt = fmtDatetime(created), fmtDatetime(upd)
		ds.Expenses = append(ds.Expenses, x)
	}
	sortStable(ds.Expenses, func(a, b *Expense) int {
		return cmp.Or(strings.Compare(a.SpentDate, b.SpentDate), strings.Compare(a.CreatedAt, b.CreatedAt))
	})
	for i := range ds.Expenses {
		ds.Expenses[i].ID = expenseBaseID + int64(i)*3
		if inv := ds.Expenses[i].Invoice; inv != nil {
			invoices[inv.ID].expenses = append(invoices[inv.ID].expenses, i)
		}
	}

	accs := make([]*invoiceAcc, 0, len(invoices))
	for _, acc := range invoices {
		accs = append(accs, acc)
	}
	slices.SortFunc(accs, func(a, b *invoiceAcc) int { return cmp.Or(cmp.Compare(a.month, b.month), cmp.Compare(a.id, b.id)) })
	lineID, msgID, payID := int64(lineItemBaseID), int64(invoiceMessageBaseID), int64(invoicePaymentBaseID)
	for _, acc := range accs {
		c := ds.Clients[acc.client]
		periodStart := firstSpentDate.AddDate(0, acc.month, 0)
		periodEnd := periodStart.AddDate(0, 1, -1)
		issue := periodStart.AddDate(0, 1, 1)
		created := issue.Add(10 * time.Hour)
		inv := Invoice{ID: acc.id, ClientKey: g.hex(40), Number: acc.number, Subject: "Services for " + periodStart.Format("January 2006"),
			Notes: "Thank you for your business.", PeriodStart: ptr(fmtDate(periodStart)), PeriodEnd: ptr(fmtDate(periodEnd)),
			IssueDate: fmtDate(issue), DueDate: fmtDate(issue.AddDate(0, 0, 30)), PaymentTerm: "net 30",
			PaymentOptions: [][]string{{}, {"credit_card"}, {"ach", "credit_card"}}[g.pick(3)],
			CreatedAt:      fmtDatetime(created), Currency: c.Currency, Client: NamedRef{ID: c.ID, Name: c.Name},
			Creator: ownerRef, LineItems: []InvoiceLineItem{}}
		if g.chance(0.2) {
			inv.PurchaseOrder = fmt.Sprintf("PO-%05d", g.pick(100000))
		}
		var taxRate float64
		if g.chance(0.3) {
			taxRate = []float64{5, 8, 10}[g.pick(3)]
			inv.Tax = ptr(taxRate)
		}
		projects := make([]int64, 0, len(acc.hours))
		for pid := range acc.hours {
			projects = append(projects, pid)
		}
		slices.Sort(projects)
		subtotal := 0.0
		for _, pid := range projects {
			p := ds.Projects[projectIdx[pid]]
			qty := round2(acc.hours[pid])
			amount := round2(acc.amount[pid])
			unit := 0.0
			if qty > 0 {
				unit = round2(amount / qty)
			}
			inv.LineItems = append(inv.LineItems, InvoiceLineItem{ID: lineID, Kind: "Service",
				Description: fmt.Sprintf("%s: %s hours", p.Name, strconv.FormatFloat(qty, 'f', -1, 64)), Quantity: qty,
				UnitPrice: unit, Amount: amount, Taxed: taxRate > 0, Project: &ProjectRef{ID: p.ID, Name: p.Name, Code: p.Code}})
			lineID += 1 + int64(g.pick(7))
			subtotal += amount
		}
		for _, xi := range acc.expenses {
			x := ds.Expenses[xi]
			inv.LineItems = append(inv.LineItems, InvoiceLineItem{ID: lineID, Kind: "Product",
				Description: fmt.Sprintf("%s: %s (%s)", x.ExpenseCategory.Name, x.Notes, x.SpentDate), Quantity: 1,
				UnitPrice: x.TotalCost, Amount: x.TotalCost, Taxed: taxRate > 0,
				Project: &ProjectRef{ID: x.Project.ID, Name: x.Project.Name, Code: x.Project.Code}})
			lineID += 1 + int64(g.pick(7))
			subtotal += x.TotalCost
		}
		inv.TaxAmount = round2(subtotal * taxRate / 100)
		inv.Amount = round2(subtotal + inv.TaxAmount)
		inv.DueAmount = inv.Amount
		updated := created
		switch {
		case !issue.Before(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)):
			inv.State = "draft"
		default:
			sent := created.Add(time.Duration(30+g.pick(300)) * time.Minute)
			inv.SentAt = ptr(fmtDatetime(sent))
			updated = sent
			recipient := MessageRecipient{Name: c.Name + " Accounts", Email: "billing@" + strings.ToLower(strings.ReplaceAll(c.Name, " ", "")) + ".example.com"}
			ds.InvoiceMessages = append(ds.InvoiceMessages, InvoiceMessage{ID: msgID, SentBy: ownerRef.Name, SentByEmail: owner.Email,
				SentFrom: ownerRef.Name, SentFromEmail: owner.Email, Recipients: []MessageRecipient{recipient},
				Subject: fmt.Sprintf("Invoice #%s from Sandbox Co", inv.Number), Body: "Please find attached the invoice for " + periodStart.Format("January 2006") + ".",
				AttachPDF: true, SendMeACopy: g.chance(0.3), CreatedAt: fmtDatetime(sent), UpdatedAt: fmtDatetime(sent), InvoiceID: inv.ID})
			msgID += 1 + int64(g.pick(9))
			pay := func(amount float64, at time.Time) {
				p := InvoicePayment{ID: payID, Amount: amount, PaidAt: fmtDatetime(at), PaidDate: fmtDate(at),
					RecordedBy: ownerRef.Name, RecordedByEmail: owner.Email, CreatedAt: fmtDatetime(at), UpdatedAt: fmtDatetime(at),
					InvoiceID: inv.ID}
				if g.chance(0.4) {
					p.PaymentGateway = &PaymentGateway{ID: 1234, Name: "Stripe"}
					p.TransactionID = "ch_" + g.hex(24)
					p.Notes = "Paid by credit card"
				} else {
					p.Notes = "Bank transfer"
				}
				ds.InvoicePayments = append(ds.InvoicePayments, p)
				payID += 1 + int64(g.pick(9))
				inv.DueAmount = round2(inv.DueAmount - amount)
				if at.After(updated) {
					updated = at
				}
			}
			recent := !issue.Before(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))
			switch {
			case recent:
				inv.State = "open"
				if g.chance(0.3) {
					pay(round2(inv.Amount/2), sent.AddDate(0, 0, 5+g.pick(15)))
				}
			case g.chance(0.1):
				inv.State = "closed"
				closed := sent.AddDate(0, 2, 0)
				inv.ClosedAt = ptr(fmtDatetime(closed))
				updated = closed
				ds.InvoiceMessages = append(ds.InvoiceMessages, InvoiceMessage{ID: msgID, SentBy: ownerRef.Name, SentByEmail: owner.Email,
					SentFrom: ownerRef.Name, SentFromEmail: owner.Email, Recipients: []MessageRecipient{},
					Subject: "Invoice closed", Body: "Written off.", EventType: ptr("close"),
					CreatedAt: fmtDatetime(closed), UpdatedAt: fmtDatetime(closed), InvoiceID: inv.ID})
				msgID += 1 + int64(g.pick(9))
			default:
				inv.State = "paid"
				at := sent.AddDate(0, 0, 5+g.pick(35))
				if g.chance(0.2) {
					half := round2(inv.Amount / 2)
					pay(half, at)
					at = at.AddDate(0, 0, 10)
					pay(round2(inv.Amount-half), at)
				} else {
					pay(inv.Amount, at)
				}
				inv.DueAmount = 0
				inv.PaidAt, inv.PaidDate = ptr(fmtDatetime(at)), ptr(fmtDate(at))
			}
		}
		inv.UpdatedAt = fmtDatetime(updated)
		ds.Invoices = append(ds.Invoices, inv)
	}
	sortStable(ds.Invoices, func(a, b *Invoice) int {
		return cmp.Or(strings.Compare(a.IssueDate, b.IssueDate), cmp.Compare(a.ID, b.ID))
	})
	sortStable(ds.InvoiceMessages, func(a, b *InvoiceMessage) int { return byCreatedAsc(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	sortStable(ds.InvoicePayments, func(a, b *InvoicePayment) int { return byCreatedAsc(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })

	// Estimates.
	nEstimates := max(3, len(ds.Clients))
	issued := g.createdTimes(nEstimates, time.Date(2022, 6, 1, 9, 0, 0, 0, time.UTC), time.Date(2025, 6, 20, 0, 0, 0, 0, time.UTC))
	eLine, eMsg := int64(estimateLineItemBaseID), int64(estimateMessageBaseID)
	for k := range nEstimates {
		c := ds.Clients[g.pick(len(ds.Clients))]
		created := issued[k]
		est := Estimate{ID: estimateBaseID + int64(k)*13, ClientKey: g.hex(40), Number: strconv.Itoa(1001 + k),
			Subject: projectBases[g.pick(len(projectBases))] + " proposal", Notes: "Valid for 30 days.",
			CreatedAt: fmtDatetime(created), Currency: c.Currency, Client: NamedRef{ID: c.ID, Name: c.Name},
			Creator: ownerRef, LineItems: []EstimateLineItem{}}
		var taxRate float64
		if g.chance(0.3) {
			taxRate = 8
			est.Tax = ptr(taxRate)
		}
		subtotal := 0.0
		for range 1 + g.pick(3) {
			qty := float64(10 * (1 + g.pick(8)))
			unit := float64(100 + 10*g.pick(6))
			amount := round2(qty * unit)
			est.LineItems = append(est.LineItems, EstimateLineItem{ID: eLine, Kind: "Service",
				Description: []string{"Design", "Development", "Project management", "QA"}[g.pick(4)], Quantity: qty,
				UnitPrice: unit, Amount: amount, Taxed: taxRate > 0})
			eLine += 1 + int64(g.pick(7))
			subtotal += amount
		}
		est.TaxAmount = round2(subtotal * taxRate / 100)
		est.Amount = round2(subtotal + est.TaxAmount)
		updated := created
		message := func(event string, at time.Time) {
			ds.EstimateMessages = append(ds.EstimateMessages, EstimateMessage{ID: eMsg, SentBy: ownerRef.Name, SentByEmail: owner.Email,
				SentFrom: ownerRef.Name, SentFromEmail: owner.Email,
				Recipients: []MessageRecipient{{Name: c.Name, Email: "projects@" + strings.ToLower(strings.ReplaceAll(c.Name, " ", "")) + ".example.com"}},
				Subject:    fmt.Sprintf("Estimate #%s from Sandbox Co", est.Number), Body: "Here is our estimate.",
				EventType: ptr(event), CreatedAt: fmtDatetime(at), UpdatedAt: fmtDatetime(at), EstimateID: est.ID})
			eMsg += 1 + int64(g.pick(9))
			updated = at
		}
		if r := g.r.Float64(); r < 0.1 {
			est.State = "draft"
		} else {
			est.IssueDate = ptr(fmtDate(created))
			sent := created.Add(time.Duration(1+g.pick(5)) * time.Hour)
			est.SentAt = ptr(fmtDatetime(sent))
			message("send", sent)
			answer := sent.AddDate(0, 0, 2+g.pick(20))
			switch {
			case answer.After(sandboxNow) || r < 0.25:
				est.State = "sent"
			case r < 0.8:
				est.State = "accepted"
				est.AcceptedAt = ptr(fmtDatetime(answer))
				message("accept", answer)
			default:
				est.State = "declined"
				est.DeclinedAt = ptr(fmtDatetime(answer))
				message("decline", answer)
			}
		}
		est.UpdatedAt = fmtDatetime(updated)
		ds.Estimates = append(ds.Estimates, est)
	}
	// Drafts have no issue date; they sort first, as the API's newest-first
	// listing puts them last.
	sortStable(ds.Estimates, func(a, b *Estimate) int {
		return cmp.Or(strings.Compare(deref(a.IssueDate), deref(b.IssueDate)), cmp.Compare(a.ID, b.ID))
	})
	sortStable(ds.EstimateMessages, func(a, b *EstimateMessage) int { return byCreatedAsc(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func mustDate(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}
