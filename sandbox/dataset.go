package sandbox

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Layouts of the API's date and datetime strings.
const (
	dateLayout     = "2006-01-02"
	datetimeLayout = "2006-01-02T15:04:05Z"
)

// The generated history spans these dates; "now" is the sandbox's fixed
// present, so every timestamp is at or before it.
var (
	firstSpentDate = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	lastSpentDate  = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	sandboxNow     = time.Date(2025, 6, 30, 18, 0, 0, 0, time.UTC)
	// Archived projects and deactivated users stop within this range.
	archiveFrom = time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)
	archiveTo   = time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC)
)

// First ids of each table. Time entry ids start above 2^53 (2^53+1 is not
// representable as a float64) and step by 7, so about half of them change
// when decoded through float64.
const (
	timeEntryBaseID = int64(9007199254740993)
	timeEntryIDStep = 7
	clientBaseID    = 5735776
	projectBaseID   = 14308069
	userBaseID      = 1782959
	taskBaseID      = 8083366
	uaBaseID        = 125068554
	taBaseID        = 155505014
	invoiceBaseID   = 13150403
)

var (
	clientNames = []string{
		"123 Industries", "ABC Corp", "Acme Widgets", "Globex", "Initech",
		"Umbrella Labs", "Stark Logistics", "Wayne Enterprises", "Hooli",
		"Vandelay Industries", "Soylent Foods", "Cyberdyne Systems", "Tyrell Corp",
		"Wonka Confections", "Oceanic Airlines", "Monarch Solutions",
		"Nakatomi Trading", "Blue Sun Media", "Massive Dynamic", "Prestige Worldwide",
	}
	streets = []string{"Main St.", "Oak Ave.", "Market St.", "Elm St.", "High St.", "Harbor Blvd."}
	cities  = []string{"Anytown, LA", "Springfield, IL", "Riverside, CA", "Portland, OR", "Austin, TX", "Burlington, VT"}

	projectBases = []string{
		"Online Store", "Mobile App", "Website Redesign", "Marketing Campaign",
		"Data Migration", "Support Retainer", "API Integration", "Brand Refresh",
		"Analytics Dashboard", "Internal Tools", "Security Audit", "Cloud Migration",
		"Customer Portal", "Payment Gateway", "Inventory System",
	}
	projectNotes = []string{
		"Kick-off in January.", "Fixed scope, see SOW v2.", "Retainer billed monthly.",
		"Client prefers weekly reports.", "Phase 2 pending approval.",
	}

	firstNames = []string{"Kim", "Jim", "Bob", "Alice", "Maria", "Ahmed", "Yuki", "Olga", "Carlos", "Priya", "Tom", "Lena", "Sam", "Nora"}
	lastNames  = []string{"Allen", "Powell", "Garcia", "Chen", "Novak", "Okafor", "Tanaka", "Schmidt", "Rossi", "Patel", "Murphy", "Silva"}
	timezones  = []string{
		"Eastern Time (US & Canada)", "Mountain Time (US & Canada)", "Pacific Time (US & Canada)",
		"Central Time (US & Canada)", "London", "Berlin", "Tokyo",
	}
	businessRoles = []string{"Developer", "Designer", "Project Manager", "Marketing", "Sales", "Support"}
	avatars       = []string{
		"abraj_albait_towers.png", "big_ben.png", "cn_tower.png",
		"allen_bradley_clock_tower.png", "taipei_101.png", "burj_khalifa.png",
	}

	taskSpecs = []struct {
		name      string
		billable  bool
		rate      *float64
		isDefault bool
	}{
		{"Programming", true, ptr(100.0), true},
		{"Design", true, ptr(90.0), true},
		{"Project Management", true, ptr(110.0), true},
		{"Marketing", true, ptr(80.0), false},
		{"Research", false, nil, false},
		{"Testing", true, ptr(75.0), true},
		{"Business Development", false, ptr(0.0), false},
		{"Documentation", true, ptr(70.0), false},
	}

	entryNotes = []string{
		"Importing products", "Importing products from legacy catalog", "Fixed checkout bug",
		"Weekly status meeting", "Code review", "Planning meetings", "Wireframes for landing page",
		"Customer call", "Refactoring billing module", "Writing documentation", "Deploying release",
		"Investigating performance issue", "Design review", "Sprint planning",
		"Onboarding new team member", "QA pass on mobile app", "Budget review with client",
	}
)

func ptr[T any](v T) *T { return &v }

func fmtDate(t time.Time) string     { return t.UTC().Format(dateLayout) }
func fmtDatetime(t time.Time) string { return t.UTC().Format(datetimeLayout) }

func mustDatetime(s string) time.Time {
	t, err := time.Parse(datetimeLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// clock formats minutes after midnight the way Harvest's 12h clock does:
// "9:00am", "12:30pm".
func clock(minutes int) string {
	minutes = ((minutes % 1440) + 1440) % 1440
	h, m := minutes/60, minutes%60
	suffix := "am"
	if h >= 12 {
		suffix = "pm"
	}
	h %= 12
	if h == 0 {
		h = 12
	}
	return fmt.Sprintf("%d:%02d%s", h, m, suffix)
}

// ceilQuarter rounds hours up to the next quarter hour.
func ceilQuarter(h float64) float64 {
	return math.Ceil(h*4-1e-9) / 4
}

// generator wraps the seeded random source with helpers.
type generator struct {
	r *rand.Rand
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }
func (g *generator) pick(n int) int        { return g.r.IntN(n) }

// between returns a time in [from, to); to <= from returns from.
func (g *generator) between(from, to time.Time) time.Time {
	d := to.Sub(from) / time.Second
	if d <= 0 {
		return from
	}
	return from.Add(time.Duration(g.r.Int64N(int64(d))) * time.Second)
}

// createdTimes returns n strictly increasing second-precision times spread
// over [from, to).
func (g *generator) createdTimes(n int, from, to time.Time) []time.Time {
	out := make([]time.Time, n)
	step := to.Sub(from) / time.Duration(max(n, 1))
	prev := time.Time{}
	for i := range out {
		t := from.Add(time.Duration(i) * step)
		if half := int64(step / 2 / time.Second); half > 0 {
			t = t.Add(time.Duration(g.r.Int64N(half)) * time.Second)
		}
		t = t.Truncate(time.Second)
		if !t.After(prev) && i > 0 {
			t = prev.Add(time.Second)
		}
		out[i] = t
		prev = t
	}
	return out
}

// updatedAfter returns an update time not before created and not after now;
// with probability pSame it equals created.
func (g *generator) updatedAfter(created time.Time, pSame float64, maxDelay time.Duration) time.Time {
	if g.chance(pSame) {
		return created
	}
	end := created.Add(maxDelay)
	if end.After(sandboxNow) {
		end = sandboxNow
	}
	return g.between(created, end)
}

func (g *generator) hex(n int) string {
	const digits = "0123456789abcdef"
	var b strings.Builder
	for range n {
		b.WriteByte(digits[g.pick(16)])
	}
	return b.String()
}

func initials(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		b.WriteByte(w[0])
	}
	return strings.ToUpper(b.String())
}

// generate builds the data set for opts (defaults already filled).
func generate(opts Options) *Dataset {
	g := &generator{r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x9e3779b97f4a7c15))}
	rows := opts.Rows
	ds := &Dataset{}

	// Tasks.
	taskCreated := g.createdTimes(len(taskSpecs), time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC), time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC))
	for i, spec := range taskSpecs {
		active := i == 0 || spec.name == "Project Management" || g.chance(0.8)
		created := taskCreated[i]
		ds.Tasks = append(ds.Tasks, Task{
			ID:                taskBaseID + int64(i)*5,
			Name:              spec.name,
			BillableByDefault: spec.billable,
			DefaultHourlyRate: clonePtr(spec.rate),
			IsDefault:         spec.isDefault,
			IsActive:          active,
			CreatedAt:         fmtDatetime(created),
			UpdatedAt:         fmtDatetime(g.updatedAfter(created, 0.4, 900*24*time.Hour)),
		})
	}

	// Users: Users[0] is the account owner.
	nUsers := min(max(4+rows/100, 4), 12)
	userCreated := g.createdTimes(nUsers, time.Date(2020, 6, 1, 8, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))
	fperm, lperm := g.r.Perm(len(firstNames)), g.r.Perm(len(lastNames))
	tracksTimes := make([]bool, nUsers)
	userEnd := make([]time.Time, nUsers) // last working day of inactive users
	for i := range nUsers {
		first, last := firstNames[fperm[i]], lastNames[lperm[i%len(lastNames)]]
		created := userCreated[i]
		u := User{
			ID:                           userBaseID + int64(i)*23,
			FirstName:                    first,
			LastName:                     last,
			Email:                        strings.ToLower(first+"."+last) + "@example.com",
			Timezone:                     timezones[g.pick(len(timezones))],
			HasAccessToAllFutureProjects: g.chance(0.3),
			IsContractor:                 i > 0 && g.chance(0.2),
			IsActive:                     i == 0 || g.chance(0.85),
			CreatedAt:                    fmtDatetime(created),
			WeeklyCapacity:               126000,
			Roles:                        []string{},
		}
		if g.chance(0.4) {
			u.WeeklyCapacity = 144000
		}
		if g.chance(0.6) {
			u.Telephone = fmt.Sprintf("+1 555-01%02d", g.pick(100))
		}
		if i == 0 || g.chance(0.9) {
			u.DefaultHourlyRate = ptr(float64(100 + 10*g.pick(11)))
		}
		if !u.IsContractor || g.chance(0.5) {
			u.CostRate = ptr(float64(40 + 5*g.pick(11)))
		}
		for _, k := range g.r.Perm(len(businessRoles))[:g.pick(3)] {
			u.Roles = append(u.Roles, businessRoles[k])
		}
		switch {
		case i == 0:
			u.AccessRoles = []string{"administrator"}
		case g.chance(0.3):
			u.AccessRoles = []string{"manager", "project_creator", "billable_rates_manager"}
			if g.chance(0.5) {
				u.AccessRoles = append(u.AccessRoles, "time_and_expenses_manager")
			}
		default:
			u.AccessRoles = []string{"member"}
		}
		u.AvatarURL = fmt.Sprintf("https://cache.harvestapp.com/assets/profile_images/%s?%d",
			avatars[g.pick(len(avatars))], 1498516481+int64(i)*86413)
		if u.IsActive {
			u.UpdatedAt = fmtDatetime(g.updatedAfter(created, 0.3, 700*24*time.Hour))
		} else {
			userEnd[i] = g.between(archiveFrom, archiveTo).Truncate(24 * time.Hour)
			u.UpdatedAt = fmtDatetime(g.updatedAfter(userEnd[i].Add(33*time.Hour), 0.5, 20*24*time.Hour))
		}
		tracksTimes[i] = g.chance(0.5)
		ds.Users = append(ds.Users, u)
	}

	// Clients.
	nClients := max(3, rows/100)
	clientCreated := g.createdTimes(nClients, time.Date(2021, 1, 4, 9, 0, 0, 0, time.UTC), time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC))
	cperm := g.r.Perm(len(clientNames))
	for i := range nClients {
		name := clientNames[cperm[i%len(clientNames)]]
		if round := i / len(clientNames); round > 0 {
			name += " " + strconv.Itoa(round+1)
		}
		currency := "USD"
		switch r := g.r.Float64(); {
		case r < 0.15:
			currency = "EUR"
		case r < 0.25:
			currency = "GBP"
		case r < 0.30:
			currency = "CAD"
		}
		address := ""
		if g.chance(0.9) {
			address = fmt.Sprintf("%d %s\r\n%s %05d", 1+g.pick(999), streets[g.pick(len(streets))],
				cities[g.pick(len(cities))], 10000+g.pick(89999))
		}
		created := clientCreated[i]
		ds.Clients = append(ds.Clients, Client{
			ID:           clientBaseID + int64(i)*11,
			Name:         name,
			IsActive:     i == 0 || g.chance(0.85),
			Address:      address,
			StatementKey: g.hex(32),
			CreatedAt:    fmtDatetime(created),
			UpdatedAt:    fmtDatetime(g.updatedAfter(created, 0.3, 900*24*time.Hour)),
			Currency:     currency,
		})
	}

	// Projects (dates that depend on time entries are set further down).
	nProjects := max(5, rows/40)
	projectCreated := g.createdTimes(nProjects, time.Date(2022, 1, 3, 9, 0, 0, 0, time.UTC), time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC))
	clientOf := make([]int, nProjects)
	for i := range clientOf {
		if i < nClients {
			clientOf[i] = i
		} else {
			clientOf[i] = g.pick(nClients)
		}
	}
	g.r.Shuffle(nProjects, func(i, j int) { clientOf[i], clientOf[j] = clientOf[j], clientOf[i] })
	bperm := g.r.Perm(len(projectBases))
	inactive := make([]bool, nProjects) // a quarter of the projects are archived
	for _, k := range g.r.Perm(nProjects)[:nProjects/4] {
		inactive[k] = true
	}
	projectEnd := make([]time.Time, nProjects) // ends_on of archived projects
	for i := range nProjects {
		base := projectBases[bperm[i%len(projectBases)]]
		phase := i/len(projectBases) + 1
		c := ds.Clients[clientOf[i]]
		p := Project{
			ID:                               projectBaseID + int64(i)*17,
			Name:                             fmt.Sprintf("%s - Phase %d", base, phase),
			Code:                             fmt.Sprintf("%s%d", initials(base), phase),
			IsActive:                         !inactive[i],
			OverBudgetNotificationPercentage: 80.0,
			CreatedAt:                        fmtDatetime(projectCreated[i]),
			Client:                           ClientRef{ID: c.ID, Name: c.Name, Currency: c.Currency},
		}
		switch r := g.r.Float64(); {
		case r < 0.5:
			p.BillBy = "Project"
			p.HourlyRate = ptr([]float64{85, 95, 100, 120, 150}[g.pick(5)])
		case r < 0.7:
			p.BillBy = "Tasks"
		case r < 0.9:
			p.BillBy = "People"
		default:
			p.BillBy = "none"
		}
		p.IsBillable = p.BillBy != "none"
		if p.IsBillable && g.chance(0.1) {
			p.IsFixedFee = true
			p.Fee = ptr(float64(1000 * (10 + g.pick(40))))
		}
		switch r := g.r.Float64(); {
		case r < 0.4:
			p.BudgetBy = "project"
			p.Budget = ptr(float64(50 * (2 + g.pick(19))))
			p.BudgetIsMonthly = g.chance(0.2)
		case r < 0.6:
			p.BudgetBy = "project_cost"
			p.CostBudget = ptr(float64(1000 * (5 + g.pick(46))))
			p.CostBudgetIncludeExpenses = g.chance(0.5)
		case r < 0.7:
			p.BudgetBy = []string{"task", "person"}[g.pick(2)]
		default:
			p.BudgetBy = "none"
		}
		p.NotifyWhenOverBudget = p.BudgetBy != "none" && g.chance(0.6)
		p.ShowBudgetToAll = g.chance(0.3)
		if g.chance(0.4) {
			p.Notes = projectNotes[g.pick(len(projectNotes))]
		}
		if g.chance(0.7) {
			p.StartsOn = ptr(fmtDate(projectCreated[i].AddDate(0, 0, g.pick(30))))
		}
		if p.IsActive && g.chance(0.15) {
			p.EndsOn = ptr("2025-12-31")
		}
		if !p.IsActive {
			projectEnd[i] = g.between(archiveFrom, archiveTo).Truncate(24 * time.Hour)
			p.EndsOn = ptr(fmtDate(projectEnd[i]))
		}
		ds.Projects = append(ds.Projects, p)
	}

	// External references shared by some time entries.
	nRefs := max(3, rows/50)
	refs := make([]ExternalReference, nRefs)
	seenRef := map[string]bool{}
	for i := range refs {
		id := ""
		for id == "" || seenRef[id] {
			id = strconv.Itoa(100000000 + g.pick(900000000))
		}
		seenRef[id] = true
		switch g.pick(3) {
		case 0:
			refs[i] = ExternalReference{ID: id, GroupID: "1769542", AccountID: "1",
				Permalink:      fmt.Sprintf("https://github.com/example-co/store/issues/%d", 100+i),
				Service:        "github.com",
				ServiceIconURL: "https://proxy.harvestfiles.net/production/images/github.png"}
		case 1:
			refs[i] = ExternalReference{ID: id, GroupID: "5c1a2b3d4e", AccountID: "41",
				Permalink:      fmt.Sprintf("https://trello.com/c/%s", g.hex(8)),
				Service:        "trello.com",
				ServiceIconURL: "https://proxy.harvestfiles.net/production/images/trello.png"}
		default:
			refs[i] = ExternalReference{ID: id, GroupID: "1200034581", AccountID: "77",
				Permalink:      fmt.Sprintf("https://app.asana.com/0/1200034581/%s", id),
				Service:        "app.asana.com",
				ServiceIconURL: "https://proxy.harvestfiles.net/production/images/asana.png"}
		}
	}

	// Time entry skeletons: every random draw happens here, in index order.
	type skel struct {
		spent            time.Time
		user, proj, task int
		quarters         int
		notes            string
		billableRoll     float64
		billedRoll       float64
		approvalRoll     float64
		created, updated time.Time
		startMinute      int
		ref              int
	}
	sk := make([]skel, rows)
	for i := range sk {
		s := skel{
			user:         g.pick(nUsers),
			proj:         g.pick(nProjects),
			task:         g.pick(len(ds.Tasks)),
			quarters:     1 + g.pick(32),
			billableRoll: g.r.Float64(),
			billedRoll:   g.r.Float64(),
			approvalRoll: g.r.Float64(),
			startMinute:  8*60 + 15*g.pick(29),
			ref:          -1,
		}
		// No time on archived projects or by deactivated users after the end.
		limit := lastSpentDate
		for _, end := range []time.Time{projectEnd[s.proj], userEnd[s.user]} {
			if !end.IsZero() && end.Before(limit) {
				limit = end
			}
		}
		s.spent = firstSpentDate.AddDate(0, 0, g.pick(int(limit.Sub(firstSpentDate)/(24*time.Hour))+1))
		if g.chance(0.8) {
			s.notes = entryNotes[g.pick(len(entryNotes))]
		}
		if g.chance(0.1) {
			s.ref = g.pick(nRefs)
		}
		base := s.spent.Add(8 * time.Hour)
		end := base.Add(72 * time.Hour)
		if end.After(sandboxNow) {
			end = sandboxNow
		}
		s.created = g.between(base, end)
		s.updated = g.updatedAfter(s.created, 0.5, 60*24*time.Hour)
		sk[i] = s
	}
	sortStable(sk, func(a, b *skel) int {
		return cmp.Or(a.spent.Compare(b.spent), a.created.Compare(b.created))
	})

	// The newest one or two entries get running timers, on distinct active users.
	nRunning := 0
	switch {
	case rows >= 200:
		nRunning = 2
	case rows >= 20:
		nRunning = 1
	}
	var activeUsers, activeProjects []int
	for i, u := range ds.Users {
		if u.IsActive {
			activeUsers = append(activeUsers, i)
		}
	}
	for i, p := range ds.Projects {
		if p.IsActive {
			activeProjects = append(activeProjects, i)
		}
	}
	running := make([]bool, rows)
	for k := range nRunning {
		i := rows - 1 - k
		running[i] = true
		sk[i].spent = lastSpentDate
		sk[i].user = activeUsers[k%len(activeUsers)]
		if inactive[sk[i].proj] {
			sk[i].proj = activeProjects[k%len(activeProjects)]
		}
		start := sandboxNow.Add(-time.Duration(k+1)*time.Hour - time.Duration(g.pick(50)+5)*time.Minute)
		sk[i].created, sk[i].updated = start, start
	}

	lastSpent := make([]time.Time, nProjects)
	userCreatedAt := make([]time.Time, nUsers)
	for i, u := range ds.Users {
		userCreatedAt[i] = mustDatetime(u.CreatedAt)
	}
	projectCreatedAt := make([]time.Time, nProjects)
	for i, p := range ds.Projects {
		projectCreatedAt[i] = mustDatetime(p.CreatedAt)
	}
	ds.TimeEntries = make([]TimeEntry, 0, rows)
	for i, s := range sk {
		u, p, t := ds.Users[s.user], ds.Projects[s.proj], ds.Tasks[s.task]
		userName := u.FirstName + " " + u.LastName
		ua := UserAssignment{
			ID:               uaBaseID + int64(s.proj)*100 + int64(s.user),
			IsProjectManager: u.AccessRoles[0] != "member",
			IsActive:         true,
			UseDefaultRates:  (s.proj+s.user)%4 != 0,
			CreatedAt:        p.CreatedAt,
			UpdatedAt:        p.CreatedAt,
			HourlyRate:       clonePtr(u.DefaultHourlyRate),
		}
		if userCreatedAt[s.user].After(projectCreatedAt[s.proj]) {
			ua.CreatedAt, ua.UpdatedAt = u.CreatedAt, u.CreatedAt
		}
		ta := TaskAssignment{
			ID:         taBaseID + int64(s.proj)*100 + int64(s.task),
			Billable:   p.IsBillable && t.BillableByDefault,
			IsActive:   true,
			CreatedAt:  p.CreatedAt,
			UpdatedAt:  p.CreatedAt,
			HourlyRate: clonePtr(t.DefaultHourlyRate),
		}
		e := TimeEntry{
			ID:             timeEntryBaseID + int64(i)*timeEntryIDStep,
			SpentDate:      fmtDate(s.spent),
			User:           UserRef{ID: u.ID, Name: userName},
			Client:         p.Client,
			Project:        ProjectRef{ID: p.ID, Name: p.Name, Code: p.Code},
			Task:           TaskRef{ID: t.ID, Name: t.Name},
			UserAssignment: ua,
			TaskAssignment: ta,
			Notes:          s.notes,
			Budgeted:       p.BudgetBy != "none",
			CostRate:       clonePtr(u.CostRate),
		}
		if ta.Billable {
			e.Billable = s.billableRoll < 0.95
		} else if p.IsBillable {
			e.Billable = s.billableRoll < 0.3
		}
		if e.Billable {
			var rate *float64
			switch p.BillBy {
			case "Project":
				rate = p.HourlyRate
			case "Tasks":
				rate = ta.HourlyRate
			case "People":
				rate = ua.HourlyRate
			}
			if rate == nil || *rate == 0 {
				rate = cmp.Or(u.DefaultHourlyRate, ptr(100.0))
			}
			e.BillableRate = clonePtr(rate)
		}
		if s.ref >= 0 {
			e.ExternalReference = ptr(refs[s.ref])
		}

		created, updated := s.created, s.updated
		if running[i] {
			hours := math.Round(sandboxNow.Sub(created).Hours()*100) / 100
			e.Hours, e.HoursWithoutTimer, e.RoundedHours = hours, 0, ceilQuarter(hours)
			e.IsRunning = true
			e.TimerStartedAt = ptr(fmtDatetime(created))
			e.StartedTime = ptr(clock(created.Hour()*60 + created.Minute()))
			e.ApprovalStatus = "unsubmitted"
		} else {
			hours := float64(s.quarters) / 4
			e.Hours, e.HoursWithoutTimer, e.RoundedHours = hours, hours, hours
			if tracksTimes[s.user] {
				e.StartedTime = ptr(clock(s.startMinute))
				e.EndedTime = ptr(clock(s.startMinute + s.quarters*15))
			}
			invoiceable := s.spent.Before(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
			if e.Billable && invoiceable && s.billedRoll < 0.64 {
				e.IsBilled = true
				month := (s.spent.Year()-firstSpentDate.Year())*12 + int(s.spent.Month()) - 1
				e.Invoice = &InvoiceRef{
					ID:     invoiceBaseID + int64(clientOf[s.proj])*1000 + int64(month),
					Number: strconv.Itoa(1001 + clientOf[s.proj]*40 + month),
				}
				invoiced := time.Date(s.spent.Year(), s.spent.Month()+1, 2, 10, 0, 0, 0, time.UTC)
				if updated.Before(invoiced) {
					updated = invoiced.Add(time.Duration(s.startMinute) * time.Minute)
				}
			}
			recent := !s.spent.Before(time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC))
			switch {
			case e.IsBilled:
				e.ApprovalStatus = "approved"
			case !recent && s.approvalRoll < 0.85, recent && s.approvalRoll < 0.3:
				e.ApprovalStatus = "approved"
			case s.approvalRoll < 0.93 || recent && s.approvalRoll < 0.6:
				e.ApprovalStatus = "submitted"
			default:
				e.ApprovalStatus = "unsubmitted"
			}
		}
		e.IsClosed = e.ApprovalStatus == "approved"
		e.IsLocked = e.IsBilled || e.IsClosed
		switch {
		case e.IsBilled:
			e.LockedReason = "Item Invoiced and Approved and Locked for this Time Period"
		case e.IsClosed:
			e.LockedReason = "Item Approved and Locked for this Time Period"
		}
		e.CreatedAt, e.UpdatedAt = fmtDatetime(created), fmtDatetime(updated)
		if s.spent.After(lastSpent[s.proj]) {
			lastSpent[s.proj] = s.spent
		}
		ds.TimeEntries = append(ds.TimeEntries, e)
	}

	// Project fields that depend on the entries.
	for i := range ds.Projects {
		p := &ds.Projects[i]
		created := mustDatetime(p.CreatedAt)
		if !p.IsActive {
			archived := projectEnd[i].Add(24*time.Hour + time.Duration(9+g.pick(8))*time.Hour)
			p.UpdatedAt = fmtDatetime(g.updatedAfter(archived, 0.5, 20*24*time.Hour))
		} else {
			p.UpdatedAt = fmtDatetime(g.updatedAfter(created, 0.2, 1000*24*time.Hour))
		}
		if p.NotifyWhenOverBudget && g.chance(0.4) {
			d := g.between(firstSpentDate, lastSpentDate)
			if !lastSpent[i].IsZero() {
				d = g.between(firstSpentDate, lastSpent[i].Add(24*time.Hour))
			}
			p.OverBudgetNotificationDate = ptr(fmtDate(d))
		}
	}
	generateHarvestExtra(ds, opts)
	return ds
}
