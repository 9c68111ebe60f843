package sandbox

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Id spaces of the Aha! tables: ids are ahaIDBase + kind*1e10 + n*7919,
// strings of 19 digits, all above 2^53.
const ahaIDBase = int64(6776836365000000000)

const (
	ahaKindProduct = iota + 1
	ahaKindUser
	ahaKindRelease
	ahaKindPhase
	ahaKindInitiative
	ahaKindGoal
	ahaKindEpic
	ahaKindFeature
	ahaKindRequirement
	ahaKindIdea
	ahaKindCategory
	ahaKindOrganization
	ahaKindEndorsement
	ahaKindIdeaComment
	ahaKindComment
	ahaKindTodo
	ahaKindNote
	ahaKindTag
	ahaKindMisc
	ahaKindPortalUser
)

func ahaID(kind, n int) string {
	return strconv.FormatInt(ahaIDBase+int64(kind)*10_000_000_000+int64(n)*7919, 10)
}

// Aha! workflows: name, complete, color.
type ahaWorkflowSpec struct {
	name     string
	complete bool
	color    string
}

// ahaFlow is a workflow; base numbers its status ids.
type ahaFlow struct {
	base  int64
	steps []ahaWorkflowSpec
}

var (
	ahaFeatureFlow = ahaFlow{934242751, []ahaWorkflowSpec{{"New", false, "#dce7c6"}, {"Ready to develop", false, "#c8d9f0"},
		{"In development", false, "#ffc107"}, {"In code review", false, "#f5b971"}, {"Ready to ship", false, "#a6d9a6"},
		{"Shipped", true, "#6fcf97"}, {"Will not implement", true, "#b9b9b9"}}}
	ahaIdeaFlow = ahaFlow{3259216, []ahaWorkflowSpec{{"Needs review", false, "#dce7c6"}, {"Under consideration", false, "#ffc107"},
		{"Future consideration", false, "#c8d9f0"}, {"Planned", false, "#a6d9a6"}, {"Shipped", true, "#6fcf97"},
		{"Will not implement", true, "#b9b9b9"}}}
	ahaReleaseFlow = ahaFlow{53968949, []ahaWorkflowSpec{{"Not started", false, "#dce7c6"}, {"In progress", false, "#ffc107"},
		{"Released", true, "#6fcf97"}}}
	ahaInitiativeFlow = ahaFlow{61035511, []ahaWorkflowSpec{{"Not started", false, "#dce7c6"}, {"Active", false, "#ffc107"},
		{"On hold", false, "#f5b971"}, {"Completed", true, "#6fcf97"}}}
	ahaGoalFlow = ahaFlow{72640433, []ahaWorkflowSpec{{"Not started", false, "#dce7c6"}, {"On track", false, "#6fcf97"},
		{"At risk", false, "#eb5757"}, {"Achieved", true, "#2d9cdb"}}}
	ahaRequirementFlow = ahaFlow{84120907, []ahaWorkflowSpec{{"New", false, "#dce7c6"}, {"In development", false, "#ffc107"},
		{"Done", true, "#6fcf97"}}}

	ahaTagNames     = []string{"mobile", "api", "security", "performance", "ux", "enterprise", "beta", "analytics"}
	ahaKinds        = []string{"New", "Improvement", "Bug fix", "Research"}
	ahaProductNames = []string{"Mobile App", "Web Platform", "Public API", "Analytics", "Payments", "Integrations",
		"Admin Console", "Marketplace", "Data Pipeline", "Design System"}
	ahaFeatureVerbs = []string{"Add", "Improve", "Redesign", "Support", "Automate", "Export", "Speed up", "Simplify", "Secure", "Localize"}
	ahaFeatureNouns = []string{"dark mode", "SSO login", "CSV export", "push notifications", "audit log", "search filters",
		"billing page", "onboarding flow", "webhooks", "rate limiting", "user roles", "dashboard widgets",
		"offline mode", "two-factor auth", "bulk edit", "custom reports", "calendar sync", "team invites"}
	ahaThemes          = []string{"Mobile improvements", "Enterprise readiness", "Performance", "Self-serve onboarding", "Reporting"}
	ahaCategoryNames   = []string{"Integrations", "User experience", "Performance", "Reporting"}
	ahaOrganizations   = []string{"Acme Corp", "Globex", "Initech", "Hooli", "Umbrella Labs", "Stark Logistics"}
	ahaCommentBodies   = []string{"<p>Looks good to me.</p>", "<p>Can we ship this in the next release?</p>", "<p>Customer X asked for this again.</p>", "<p>Blocked by the API work.</p>", "<p>Design is attached.</p>", "<p>Let's discuss in planning.</p>"}
	ahaInitiativeNames = []string{"Grow enterprise revenue", "Improve retention", "Expand to Europe", "Platform reliability", "Delight new users", "Reduce support load"}
	ahaGoalNames       = []string{"Increase NPS to 50", "Reach 10k paying accounts", "Cut churn by 20%", "99.99% uptime", "Double API usage"}
)

// ahaGen carries the state of one Aha! generation.
type ahaGen struct {
	*generator
	domain string
	ds     *AhaDataset
	counts map[int]int
}

func (g *ahaGen) next(kind int) string {
	g.counts[kind]++
	return ahaID(kind, g.counts[kind])
}

func (g *ahaGen) web(path string) string { return "https://" + g.domain + ".aha.io/" + path }
func (g *ahaGen) api(path string) string { return "https://" + g.domain + ".aha.io/api/v1/" + path }

func (g *ahaGen) status(flow ahaFlow, k int) AhaWorkflowStatus {
	s := flow.steps[k]
	return AhaWorkflowStatus{ID: strconv.FormatInt(flow.base+int64(k)*17, 10), Name: s.name, Position: k + 1,
		Complete: s.complete, Color: s.color}
}

// description builds a description note created with its record.
func (g *ahaGen) description(body string, created, updated time.Time) AhaDescription {
	return AhaDescription{ID: g.next(ahaKindNote), Body: body, CreatedAt: fmtISOMillis(created),
		UpdatedAt: fmtISOMillis(updated), Attachments: []AhaAttachment{}}
}

// statusTimes is a plausible history ending in status k of flow.
func (g *ahaGen) statusTimes(flow ahaFlow, k int, created, updated time.Time) []AhaStatusTime {
	out := []AhaStatusTime{}
	at := created
	for s := 0; s <= k; s++ {
		st := g.status(flow, s)
		t := AhaStatusTime{StatusID: st.ID, StatusName: st.Name, StartedAt: fmtISOMillis(at)}
		if s < k {
			step := updated.Sub(at) / time.Duration(k-s+1)
			at = at.Add(step)
			t.EndedAt = ptr(fmtISOMillis(at))
		}
		out = append(out, t)
	}
	return out
}

func (g *ahaGen) tags(max int) ([]string, []AhaTag) {
	names, full := []string{}, []AhaTag{}
	perm := g.r.Perm(len(ahaTagNames))
	for _, k := range perm[:g.pick(max+1)] {
		names = append(names, ahaTagNames[k])
	}
	slices.Sort(names)
	for _, n := range names {
		full = append(full, AhaTag{ID: ahaID(ahaKindTag, slices.Index(ahaTagNames, n)+1), Name: n})
	}
	return names, full
}

func (g *ahaGen) scoreFacts() []AhaScoreFact {
	return []AhaScoreFact{
		{ID: ahaID(ahaKindMisc, 1), Name: "Benefit", Value: 1 + g.pick(10)},
		{ID: ahaID(ahaKindMisc, 2), Name: "Effort", Value: 1 + g.pick(10)},
	}
}

func userRef(u AhaUser) AhaUserRef {
	return AhaUserRef{ID: u.ID, Name: u.Name, Email: u.Email, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

func assignee(u AhaUser, def bool) *AhaAssignee {
	return &AhaAssignee{ID: u.ID, Name: u.Name, Email: u.Email, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt, DefaultAssignee: def}
}

func productRef(p AhaProduct) AhaProductRef {
	return AhaProductRef{ID: p.ID, ReferencePrefix: p.ReferencePrefix, Name: p.Name, ProductLine: p.ProductLine,
		CreatedAt: p.CreatedAt, WorkspaceType: p.WorkspaceType, URL: p.URL}
}

func releaseRef(r AhaRelease) AhaReleaseRef {
	return AhaReleaseRef{ID: r.ID, ReferenceNum: r.ReferenceNum, Name: r.Name, StartDate: clonePtr(r.StartDate),
		ReleaseDate: clonePtr(r.ReleaseDate), ParkingLot: r.ParkingLot, CreatedAt: r.CreatedAt, ProductID: r.ProductID,
		IntegrationFields: []AhaIntegrationField{}, URL: r.URL, Resource: r.Resource, Owner: r.Owner, Project: r.Project}
}

func recordRef(id, name, ref, url, resource string) AhaRecordRef {
	return AhaRecordRef{ID: id, Name: name, ReferenceNum: ref, URL: url, Resource: resource}
}

// ahaPeriod is the span of creation times.
var (
	ahaFirst = time.Date(2022, 1, 3, 9, 0, 0, 0, time.UTC)
	ahaLast  = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
)

// generateAha builds the Aha! data set from opts.Rows, opts.Seed and
// opts.Domain.
func generateAha(opts Options) *AhaDataset {
	g := &ahaGen{generator: &generator{r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x414841))},
		domain: opts.Domain, ds: &AhaDataset{}, counts: map[int]int{}}
	rows := opts.Rows
	ds := g.ds
	updated := func(created time.Time) time.Time { return g.updatedAfter(created, 0.3, 300*24*time.Hour) }

	// Users.
	nUsers := clampInt(rows/25, 5, 40)
	userCreated := g.createdTimes(nUsers, time.Date(2021, 6, 1, 9, 0, 0, 0, time.UTC), ahaFirst)
	for i := range nUsers {
		first, last := firstNames[i%len(firstNames)], lastNames[(i*5+3)%len(lastNames)]
		if round := i / len(firstNames); round > 0 {
			first += strconv.Itoa(round + 1)
		}
		created := userCreated[i]
		u := AhaUser{ID: g.next(ahaKindUser), Name: first + " " + last,
			Email: strings.ToLower(first+"."+last) + "@" + g.domain + ".example.com", CreatedAt: fmtISOMillis(created),
			UpdatedAt: fmtISOMillis(updated(created)), Enabled: i == 0 || g.chance(0.9), PaidSeat: i == 0 || g.chance(0.7),
			Administrator: i == 0 || g.chance(0.1), ProductRoles: []AhaProductRole{},
			AdministratorRoles: map[string]bool{}, IdentityProvider: map[string]string{}}
		u.AccessedAt = fmtISOMillis(g.between(mustISO(u.UpdatedAt), sandboxNow))
		if u.Administrator {
			u.AdministratorRoles = map[string]bool{"account": true, "billing": i == 0, "security": i == 0}
		}
		if g.chance(0.3) {
			u.IdentityProvider = map[string]string{"id": ahaID(ahaKindMisc, 100), "name": "Okta", "type": "saml"}
		}
		ds.Users = append(ds.Users, u)
	}
	randomUser := func() AhaUser { return ds.Users[g.pick(len(ds.Users))] }

	// Products.
	nProducts := clampInt(rows/100, 2, 10)
	productCreated := g.createdTimes(nProducts, ahaFirst, ahaFirst.AddDate(0, 6, 0))
	for i := range nProducts {
		created := productCreated[i]
		prefix := fmt.Sprintf("PRJ%d", i+1)
		p := AhaProduct{ID: g.next(ahaKindProduct), ReferencePrefix: prefix, Name: ahaProductNames[i%len(ahaProductNames)],
			CreatedAt: fmtISOMillis(created), WorkspaceType: "product_workspace", URL: g.web("projects/" + prefix),
			UpdatedAt: fmtISOMillis(updated(created)), CustomFields: []AhaCustomField{}}
		if i%4 == 3 {
			p.WorkspaceType = "marketing_workspace"
		}
		p.Description = g.description("<p>Roadmap of "+p.Name+".</p>", created, mustISO(p.UpdatedAt))
		p.CustomFields = append(p.CustomFields, AhaCustomField{Key: "business_unit", Name: "Business unit",
			Value: []string{"Consumer", "Enterprise", "Platform"}[i%3], Type: "string"})
		ds.Products = append(ds.Products, p)
		for k, u := range ds.Users {
			if k == 0 || g.chance(0.5) {
				role, desc := 20, "Contributor"
				if k == 0 {
					role, desc = 30, "Product owner"
				} else if g.chance(0.3) {
					role, desc = 10, "Viewer"
				}
				u.ProductRoles = append(u.ProductRoles, AhaProductRole{Role: role,
					RoleDescription: desc, ProductID: p.ID, ProductName: p.Name})
				ds.Users[k] = u
			}
		}
	}
	randomProduct := func() int { return g.pick(nProducts) }

	// Releases and their phases: per product, scheduled releases then a
	// parking lot.
	relOfProduct := make([][]int, nProducts)
	for pi, p := range ds.Products {
		n := 2 + g.pick(4)
		created := g.createdTimes(n+1, mustISO(p.CreatedAt).Add(time.Hour), ahaLast.AddDate(0, -3, 0))
		for k := 0; k <= n; k++ {
			ref := fmt.Sprintf("%s-R-%d", p.ReferencePrefix, k+1)
			c := created[k]
			owner := userRef(randomUser())
			r := AhaRelease{ID: g.next(ahaKindRelease), ReferenceNum: ref, Position: k + 1, CreatedAt: fmtISOMillis(c),
				UpdatedAt: fmtISOMillis(updated(c)), ProductID: p.ID, ProgressSource: "progress_rollup",
				URL: g.web("releases/" + ref), Resource: g.api("releases/" + ref), Project: productRef(p),
				Attachments: []AhaAttachment{}, Owner: owner, CreatedByUser: owner, Goals: []AhaRecordRef{},
				IntegrationFields: []AhaIntegrationField{}, CustomFields: []AhaCustomField{}, Phases: []AhaPhaseRef{}}
			if k == n {
				r.Name, r.ParkingLot = "Parking lot", true
				r.WorkflowStatus = g.status(ahaReleaseFlow, 0)
				r.WorkflowStatusTimes = g.statusTimes(ahaReleaseFlow, 0, c, mustISO(r.UpdatedAt))
			} else {
				r.Name = fmt.Sprintf("Version %d.%d", 1+k/3, k%3)
				r.Theme = ahaThemes[g.pick(len(ahaThemes))]
				start := c.AddDate(0, 0, 7).Truncate(24 * time.Hour)
				rel := start.AddDate(0, 2+g.pick(3), 0)
				r.StartDate, r.ReleaseDate = ptr(fmtDate(start)), ptr(fmtDate(rel))
				r.ExternalReleaseDate = ptr(fmtDate(rel.AddDate(0, 0, 7)))
				r.DevelopmentStartedOn = ptr(fmtDate(start.AddDate(0, 0, 14)))
				st := 0
				switch {
				case rel.Before(sandboxNow):
					st = 2
					r.ReleasedOn = ptr(fmtDate(rel))
					r.Progress = 100
				case start.Before(sandboxNow):
					st = 1
					r.Progress = 10 + g.pick(80)
				}
				r.WorkflowStatus = g.status(ahaReleaseFlow, st)
				r.WorkflowStatusTimes = g.statusTimes(ahaReleaseFlow, st, c, mustISO(r.UpdatedAt))
				if g.chance(0.6) {
					r.AssignedToUser = assignee(randomUser(), false)
				}
				r.Tags, r.FullTags = g.tags(1)
				names := []string{"Planning", "Development", "Launch"}
				pstart := start
				for ph := range 2 + g.pick(2) {
					end := pstart.AddDate(0, 0, 14+g.pick(21))
					typ := "phase"
					if ph == 2 {
						typ, end = "milestone", pstart
					}
					phase := AhaReleasePhase{ID: g.next(ahaKindPhase), Name: names[ph], StartDate: fmtDate(pstart),
						EndDate: fmtDate(end), Position: ph + 1, Type: typ, ReleaseID: r.ID, CreatedAt: r.CreatedAt,
						UpdatedAt: r.CreatedAt, Description: g.description("", c, c)}
					ds.ReleasePhases = append(ds.ReleasePhases, phase)
					r.Phases = append(r.Phases, AhaPhaseRef{ID: phase.ID, Name: phase.Name, StartDate: phase.StartDate,
						EndDate: phase.EndDate, Position: phase.Position})
					pstart = end.AddDate(0, 0, 1)
				}
			}
			if r.Tags == nil {
				r.Tags, r.FullTags = []string{}, []AhaTag{}
			}
			r.Description = g.description("<p>"+r.Theme+"</p>", c, mustISO(r.UpdatedAt))
			relOfProduct[pi] = append(relOfProduct[pi], len(ds.Releases))
			ds.Releases = append(ds.Releases, r)
		}
	}

	// Initiatives and goals.
	nInitiatives := clampInt(rows/50, 2, 60)
	initCreated := g.createdTimes(nInitiatives, ahaFirst.AddDate(0, 6, 0), ahaLast.AddDate(0, -2, 0))
	initOfProduct := make([][]int, nProducts)
	initSeq := make([]int, nProducts)
	for i := range nInitiatives {
		pi := i % nProducts
		p := ds.Products[pi]
		initSeq[pi]++
		ref := fmt.Sprintf("%s-S-%d", p.ReferencePrefix, initSeq[pi])
		c := initCreated[i]
		st := g.pick(len(ahaInitiativeFlow.steps))
		in := AhaInitiative{ID: g.next(ahaKindInitiative), Name: ahaInitiativeNames[i%len(ahaInitiativeNames)],
			ReferenceNum: ref, Effort: 1 + g.pick(10), Value: 1 + g.pick(10), Presented: g.chance(0.7),
			Color: []string{"#dce7c6", "#c8d9f0", "#f5b971"}[g.pick(3)], Position: initSeq[pi], Score: g.pick(100),
			CreatedAt: fmtISOMillis(c), UpdatedAt: fmtISOMillis(updated(c)), ProductID: p.ID, Progress: g.pick(101),
			ProgressSource: "progress_manual", DurationSource: "duration_manual",
			URL: g.web("initiatives/" + ref), Resource: g.api("initiatives/" + ref), Project: productRef(p),
			WorkflowStatus: g.status(ahaInitiativeFlow, st), Attachments: []AhaAttachment{}, Goals: []AhaRecordRef{},
			KeyResults: []AhaKeyResult{}, ScoreFacts: g.scoreFacts(), IntegrationFields: []AhaIntegrationField{},
			CreatedByUser: userRef(randomUser())}
		in.Status = in.WorkflowStatus.Name
		in.StartDate = ptr(fmtDate(c.AddDate(0, 1, 0)))
		in.EndDate = ptr(fmtDate(c.AddDate(0, 7, 0)))
		if g.chance(0.7) {
			in.AssignedToUser = assignee(randomUser(), false)
		}
		if g.chance(0.6) {
			in.TimeFrame = &AhaTimeFrame{ID: 55000 + int64(c.Year()*2+int(c.Month()-1)/6), Name: fmt.Sprintf("%d H%d", c.Year(), 1+int(c.Month()-1)/6)}
		}
		in.Description = g.description("<p>"+in.Name+"</p>", c, mustISO(in.UpdatedAt))
		initOfProduct[pi] = append(initOfProduct[pi], i)
		ds.Initiatives = append(ds.Initiatives, in)
	}
	nGoals := clampInt(rows/100, 2, 30)
	goalCreated := g.createdTimes(nGoals, ahaFirst.AddDate(0, 3, 0), ahaLast.AddDate(0, -4, 0))
	goalOfProduct := make([][]int, nProducts)
	goalSeq := make([]int, nProducts)
	for i := range nGoals {
		pi := i % nProducts
		p := ds.Products[pi]
		goalSeq[pi]++
		ref := fmt.Sprintf("%s-G-%d", p.ReferencePrefix, goalSeq[pi])
		c := goalCreated[i]
		st := g.pick(len(ahaGoalFlow.steps))
		gl := AhaGoal{ID: g.next(ahaKindGoal), Name: ahaGoalNames[i%len(ahaGoalNames)], ReferenceNum: ref,
			Position: goalSeq[pi], Score: float64(g.pick(100)), CreatedAt: fmtISOMillis(c), UpdatedAt: fmtISOMillis(updated(c)),
			StartDate: ptr(fmtDate(c)), EndDate: ptr(fmtDate(c.AddDate(1, 0, 0))), ProgressSource: "progress_from_key_results",
			URL: g.web("strategic_imperatives/" + ref), Resource: g.api("goals/" + ref), Project: productRef(p),
			WorkflowStatus: g.status(ahaGoalFlow, st), Attachments: []AhaAttachment{}, CreatedByUser: userRef(randomUser()),
			KeyResults: []AhaKeyResult{}, Initiatives: []AhaRecordRef{}, Features: []AhaRecordRef{}, Releases: []AhaRecordRef{},
			IntegrationFields: []AhaIntegrationField{}, CustomFields: []AhaCustomField{}, ProductID: p.ID}
		gl.Status = gl.WorkflowStatus.Name
		if g.chance(0.7) {
			gl.AssignedToUser = assignee(randomUser(), false)
		}
		gl.Tags, gl.FullTags = g.tags(2)
		for k := range 1 + g.pick(2) {
			target := float64(10 * (1 + g.pick(10)))
			cur := float64(g.pick(int(target) + 1))
			gl.KeyResults = append(gl.KeyResults, AhaKeyResult{ID: g.next(ahaKindMisc), Name: fmt.Sprintf("Key result %d", k+1),
				TargetValue: target, CurrentValue: cur, Unit: "%", Progress: int(100 * cur / target),
				CreatedAt: gl.CreatedAt, UpdatedAt: gl.UpdatedAt})
		}
		sum := 0
		for _, kr := range gl.KeyResults {
			sum += kr.Progress
		}
		gl.Progress = float64(sum / len(gl.KeyResults))
		gl.Description = g.description("<p>"+gl.Name+"</p>", c, mustISO(gl.UpdatedAt))
		goalOfProduct[pi] = append(goalOfProduct[pi], i)
		ds.Goals = append(ds.Goals, gl)
	}
	goalRef := func(k int) AhaRecordRef {
		gl := ds.Goals[k]
		return recordRef(gl.ID, gl.Name, gl.ReferenceNum, gl.URL, gl.Resource)
	}
	for i := range ds.Initiatives {
		pi := slices.IndexFunc(ds.Products, func(p AhaProduct) bool { return p.ID == ds.Initiatives[i].ProductID })
		if gs := goalOfProduct[pi]; len(gs) > 0 && g.chance(0.5) {
			k := gs[g.pick(len(gs))]
			ds.Initiatives[i].Goals = append(ds.Initiatives[i].Goals, goalRef(k))
			in := ds.Initiatives[i]
			ds.Goals[k].Initiatives = append(ds.Goals[k].Initiatives, recordRef(in.ID, in.Name, in.ReferenceNum, in.URL, in.Resource))
		}
	}
	for _, ri := range slices.Concat(relOfProduct...) {
		r := &ds.Releases[ri]
		pi := slices.IndexFunc(ds.Products, func(p AhaProduct) bool { return p.ID == r.ProductID })
		if gs := goalOfProduct[pi]; len(gs) > 0 && !r.ParkingLot && g.chance(0.3) {
			k := gs[g.pick(len(gs))]
			r.Goals = append(r.Goals, goalRef(k))
			ds.Goals[k].Releases = append(ds.Goals[k].Releases, recordRef(r.ID, r.Name, r.ReferenceNum, r.URL, r.Resource))
		}
	}

	// Epics.
	nEpics := clampInt(rows/20, 2, 200)
	epicCreated := g.createdTimes(nEpics, ahaFirst.AddDate(0, 6, 0), ahaLast.AddDate(0, -1, 0))
	epicOfProduct := make([][]int, nProducts)
	epicSeq := make([]int, nProducts)
	for i := range nEpics {
		pi := i % nProducts
		p := ds.Products[pi]
		epicSeq[pi]++
		ref := fmt.Sprintf("%s-E-%d", p.ReferencePrefix, epicSeq[pi])
		c := epicCreated[i]
		rel := ds.Releases[relOfProduct[pi][g.pick(len(relOfProduct[pi]))]]
		st := g.pick(len(ahaFeatureFlow.steps))
		creator := randomUser()
		e := AhaEpic{ID: g.next(ahaKindEpic), Name: ahaFeatureVerbs[g.pick(len(ahaFeatureVerbs))] + " " + ahaFeatureNouns[g.pick(len(ahaFeatureNouns))],
			ReferenceNum: ref, Position: epicSeq[pi], Score: g.pick(100), CreatedAt: fmtISOMillis(c), UpdatedAt: fmtISOMillis(updated(c)),
			ProductID: p.ID, Progress: g.pick(101), ProgressSource: "progress_manual", DurationSource: "duration_manual",
			CreatedBy:      AhaUserBrief{ID: creator.ID, Name: creator.Name, Email: creator.Email},
			WorkflowStatus: g.status(ahaFeatureFlow, st), URL: g.web("epics/" + ref), Resource: g.api("epics/" + ref),
			Release: releaseRef(rel), CustomFields: []AhaCustomField{}}
		e.StartDate, e.DueDate = clonePtr(rel.StartDate), clonePtr(rel.ReleaseDate)
		if ins := initOfProduct[pi]; len(ins) > 0 && g.chance(0.5) {
			e.InitiativeReferenceNum = ptr(ds.Initiatives[ins[g.pick(len(ins))]].ReferenceNum)
		}
		if g.chance(0.8) {
			e.AssignedToUser = assignee(randomUser(), false)
		}
		e.Tags, e.FullTags = g.tags(2)
		e.Description = g.description("<p>Epic: "+e.Name+"</p>", c, mustISO(e.UpdatedAt))
		epicOfProduct[pi] = append(epicOfProduct[pi], i)
		ds.Epics = append(ds.Epics, e)
	}

	// Features and their requirements.
	featCreated := g.createdTimes(rows, ahaFirst.AddDate(0, 6, 0), ahaLast)
	featSeq := make([]int, nProducts)
	for i := range rows {
		pi := randomProduct()
		p := ds.Products[pi]
		featSeq[pi]++
		num := featSeq[pi]
		ref := fmt.Sprintf("%s-%d", p.ReferencePrefix, num)
		c := featCreated[i]
		up := updated(c)
		rel := ds.Releases[relOfProduct[pi][g.pick(len(relOfProduct[pi]))]]
		st := g.pick(len(ahaFeatureFlow.steps))
		creator := randomUser()
		f := AhaFeature{ID: g.next(ahaKindFeature),
			Name:         ahaFeatureVerbs[g.pick(len(ahaFeatureVerbs))] + " " + ahaFeatureNouns[g.pick(len(ahaFeatureNouns))],
			ReferenceNum: ref, ReleaseReferenceNum: rel.ReferenceNum, Position: num, Score: g.pick(100),
			CreatedAt: fmtISOMillis(c), UpdatedAt: fmtISOMillis(up), ProductID: p.ID,
			ProgressSource: "progress_manual", StatusChangedOn: fmtDate(g.between(c, up.Add(time.Second))),
			CreatedByUser:  userRef(creator),
			WorkflowStatus: g.status(ahaFeatureFlow, st), Project: productRef(p), Attachments: []AhaAttachment{},
			IntegrationFields: []AhaIntegrationField{}, URL: g.web("features/" + ref), Resource: g.api("features/" + ref),
			Release: releaseRef(rel), Requirements: []AhaRequirementRef{}, Goals: []AhaRecordRef{}, KeyResults: []AhaKeyResult{},
			ScoreFacts: g.scoreFacts(), CustomFields: []AhaCustomField{}, FeatureLinks: []AhaFeatureLink{}}
		kind := g.pick(len(ahaKinds))
		f.WorkflowKind = AhaWorkflowKind{ID: ahaID(ahaKindMisc, 10+kind), Name: ahaKinds[kind]}
		switch {
		case f.WorkflowStatus.Complete:
			f.Progress = 100
		case st >= 2:
			f.Progress = 10 * (1 + g.pick(9))
		}
		f.StartDate, f.DueDate = clonePtr(rel.StartDate), clonePtr(rel.ReleaseDate)
		if es := epicOfProduct[pi]; len(es) > 0 && g.chance(0.7) {
			f.EpicReferenceNum = ptr(ds.Epics[es[g.pick(len(es))]].ReferenceNum)
		}
		if ins := initOfProduct[pi]; len(ins) > 0 && g.chance(0.4) {
			f.InitiativeReferenceNum = ptr(ds.Initiatives[ins[g.pick(len(ins))]].ReferenceNum)
		}
		if gs := goalOfProduct[pi]; len(gs) > 0 && g.chance(0.2) {
			k := gs[g.pick(len(gs))]
			f.Goals = append(f.Goals, goalRef(k))
			ds.Goals[k].Features = append(ds.Goals[k].Features, recordRef(f.ID, f.Name, f.ReferenceNum, f.URL, f.Resource))
		}
		if g.chance(0.8) {
			f.AssignedToUser = assignee(randomUser(), g.chance(0.2))
		}
		f.Tags, f.FullTags = g.tags(3)
		if g.chance(0.3) {
			f.CustomFields = append(f.CustomFields, AhaCustomField{Key: "customer_segment", Name: "Customer segment",
				Value: []string{"SMB", "Mid-market", "Enterprise"}[g.pick(3)], Type: "string"})
		}
		if g.chance(0.2) {
			f.IntegrationFields = append(f.IntegrationFields, AhaIntegrationField{ID: g.next(ahaKindMisc), Name: "key",
				Value: fmt.Sprintf("JRA-%d", 100+i), IntegrationID: 204584239, ServiceName: "jira", CreatedAt: f.CreatedAt})
		}
		if g.chance(0.5) {
			est := float64(60 * (1 + g.pick(40)))
			f.FeatureOnlyOriginalEstimate = ptr(est)
			done := float64(g.pick(int(est) + 1))
			f.FeatureOnlyWorkDone, f.FeatureOnlyRemainingEstimate = ptr(done), ptr(est-done)
		}
		if i > 0 && g.chance(0.1) {
			o := ds.Features[g.pick(i)]
			f.FeatureLinks = append(f.FeatureLinks, AhaFeatureLink{LinkType: []string{"Relates to", "Depends on"}[g.pick(2)],
				CreatedAt: f.CreatedAt, ParentRecord: recordRef(f.ID, f.Name, f.ReferenceNum, f.URL, f.Resource),
				ChildRecord: recordRef(o.ID, o.Name, o.ReferenceNum, o.URL, o.Resource)})
		}
		f.WorkflowStatusTimes = g.statusTimes(ahaFeatureFlow, st, c, up)
		f.Description = g.description("<p>As a user I want to "+strings.ToLower(f.Name)+".</p>", c, up)
		relID, _ := strconv.ParseInt(rel.ID, 10, 64)
		for k := range g.pick(4) {
			rref := fmt.Sprintf("%s-%d", ref, k+1)
			rst := g.pick(len(ahaRequirementFlow.steps))
			rq := AhaRequirement{ID: g.next(ahaKindRequirement), Name: fmt.Sprintf("Requirement %d of %s", k+1, ref),
				ReferenceNum: rref, Position: k + 1, CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt, ReleaseID: relID,
				CreatedByUser: userRef(creator), WorkflowStatus: g.status(ahaRequirementFlow, rst),
				URL: g.web("requirements/" + rref), Resource: g.api("requirements/" + rref),
				Feature: AhaFeatureRef{ID: f.ID, ReferenceNum: f.ReferenceNum, Name: f.Name, CreatedAt: f.CreatedAt,
					URL: f.URL, Resource: f.Resource, ProductID: f.ProductID},
				Attachments: []AhaAttachment{}, CustomFields: []AhaCustomField{}, IntegrationFields: []AhaIntegrationField{}}
			rq.Tags, rq.FullTags = g.tags(1)
			if g.chance(0.5) {
				rq.AssignedToUser = clonePtr(f.AssignedToUser)
			}
			rq.WorkflowStatusTimes = g.statusTimes(ahaRequirementFlow, rst, c, up)
			rq.Description = g.description("<p>The system shall handle case "+strconv.Itoa(k+1)+".</p>", c, up)
			ds.Requirements = append(ds.Requirements, rq)
			f.Requirements = append(f.Requirements, AhaRequirementRef{ID: rq.ID, Name: rq.Name, ReferenceNum: rq.ReferenceNum,
				Position: rq.Position, CreatedAt: rq.CreatedAt, UpdatedAt: rq.UpdatedAt, ReleaseID: rq.ReleaseID,
				WorkflowStatus: rq.WorkflowStatus, URL: rq.URL, Resource: rq.Resource})
		}
		ds.Features = append(ds.Features, f)
	}

	// Idea categories, organizations, ideas, votes and portal comments.
	catOfProduct := make([][]int, nProducts)
	for pi, p := range ds.Products {
		for k, name := range ahaCategoryNames {
			cat := AhaIdeaCategory{ID: g.next(ahaKindCategory), Name: name, CreatedAt: p.CreatedAt}
			if k == len(ahaCategoryNames)-1 {
				cat.ParentID = ptr(ds.IdeaCategories[catOfProduct[pi][0]].ID)
			}
			catOfProduct[pi] = append(catOfProduct[pi], len(ds.IdeaCategories))
			ds.IdeaCategories = append(ds.IdeaCategories, cat)
		}
	}
	orgCreated := g.createdTimes(len(ahaOrganizations), ahaFirst, ahaFirst.AddDate(1, 0, 0))
	for k, name := range ahaOrganizations {
		id := g.next(ahaKindOrganization)
		domain := strings.ToLower(strings.ReplaceAll(name, " ", "")) + ".com"
		ds.IdeaOrganizations = append(ds.IdeaOrganizations, AhaIdeaOrganization{ID: id, Name: name,
			CreatedAt: fmtISOMillis(orgCreated[k]), URL: g.web("ideas/idea_organizations/" + id),
			Resource: g.api("idea_organizations/" + id), EmailDomains: []string{domain}})
	}
	nIdeas := max(4, rows/2)
	ideaCreated := g.createdTimes(nIdeas, ahaFirst.AddDate(0, 3, 0), ahaLast)
	ideaSeq := make([]int, nProducts)
	portalUser := func(c time.Time) *AhaPortalUser {
		first, last := firstNames[g.pick(len(firstNames))], lastNames[g.pick(len(lastNames))]
		org := ds.IdeaOrganizations[g.pick(len(ds.IdeaOrganizations))]
		return &AhaPortalUser{ID: g.next(ahaKindPortalUser), Name: first + " " + last,
			Email: strings.ToLower(first+"."+last) + "@" + org.EmailDomains[0], CreatedAt: fmtISOMillis(c)}
	}
	for i := range nIdeas {
		pi := randomProduct()
		p := ds.Products[pi]
		ideaSeq[pi]++
		ref := fmt.Sprintf("%s-I-%d", p.ReferencePrefix, ideaSeq[pi])
		c := ideaCreated[i]
		up := updated(c)
		st := g.pick(len(ahaIdeaFlow.steps))
		idea := AhaIdea{ID: g.next(ahaKindIdea), Name: ahaFeatureVerbs[g.pick(len(ahaFeatureVerbs))] + " " + ahaFeatureNouns[g.pick(len(ahaFeatureNouns))],
			ReferenceNum: ref, Score: g.pick(100), CreatedAt: fmtISOMillis(c), UpdatedAt: fmtISOMillis(up), ProductID: p.ID,
			InitialVotes: g.pick(3), StatusChangedAt: fmtISOMillis(g.between(c, up.Add(time.Second))),
			WorkflowStatus: g.status(ahaIdeaFlow, st), Visibility: "Visible to all ideas portal users",
			URL: g.web("ideas/ideas/" + ref), Resource: g.api("ideas/" + ref), Product: productRef(p),
			ScoreFacts: g.scoreFacts(), Categories: []AhaIdeaCategory{}, CustomFields: []AhaCustomField{},
			SubmittedIdeaPortalRecordURL: "https://" + g.domain + ".ideas.aha.io/ideas/" + ref,
			IntegrationFields:            []AhaIntegrationField{}, Spam: g.chance(0.05)}
		if g.chance(0.2) {
			idea.Visibility = "Visible to creator and employees"
		}
		switch r := g.r.Float64(); {
		case r < 0.4:
			idea.CreatedByUser = ptr(userRef(randomUser()))
		case r < 0.8:
			idea.CreatedByPortalUser = portalUser(c)
			idea.CreatedByIdeaUser = &AhaPortalUser{ID: g.next(ahaKindPortalUser), Name: idea.CreatedByPortalUser.Name,
				Email: idea.CreatedByPortalUser.Email, CreatedAt: idea.CreatedByPortalUser.CreatedAt}
		default:
			idea.CreatedByIdeaUser = portalUser(c)
		}
		if g.chance(0.5) {
			u := randomUser()
			idea.AssignedToUser = &AhaUserBrief{ID: u.ID, Name: u.Name, Email: u.Email}
		}
		idea.Tags, idea.FullTags = g.tags(2)
		for _, k := range g.r.Perm(len(catOfProduct[pi]))[:g.pick(3)] {
			idea.Categories = append(idea.Categories, ds.IdeaCategories[catOfProduct[pi][k]])
		}
		slices.SortFunc(idea.Categories, func(a, b AhaIdeaCategory) int { return strings.Compare(a.ID, b.ID) })
		idea.WorkflowStatusTimes = g.statusTimes(ahaIdeaFlow, st, c, up)
		idea.Description = g.description("<p>It would be great to "+strings.ToLower(idea.Name)+".</p>", c, up)
		// Votes: plain portal votes and proxy votes of organizations.
		nVotes := g.pick(5)
		for k := range nVotes {
			vc := g.between(c, sandboxNow)
			e := AhaIdeaEndorsement{ID: g.next(ahaKindEndorsement), IdeaID: idea.ID, CreatedAt: fmtISOMillis(vc),
				UpdatedAt: fmtISOMillis(vc), Weight: 1}
			if k == 0 && g.chance(0.4) {
				org := ds.IdeaOrganizations[g.pick(len(ds.IdeaOrganizations))]
				e.Value = ptr(strconv.Itoa(1+g.pick(50)) + ".0")
				e.Link = ptr("https://crm.example.com/opportunities/" + strconv.Itoa(1000+i))
				e.EndorsedByIdeaOrganization = &AhaOrganizationRef{ID: org.ID, Name: org.Name, CreatedAt: org.CreatedAt,
					URL: org.URL, Resource: org.Resource}
				e.EndorsedByUser = ptr(userRef(randomUser()))
			} else {
				e.EndorsedByPortalUser = portalUser(vc)
				e.EndorsedByIdeaUser = &AhaPortalUser{ID: g.next(ahaKindPortalUser), Name: e.EndorsedByPortalUser.Name,
					Email: e.EndorsedByPortalUser.Email, CreatedAt: e.EndorsedByPortalUser.CreatedAt}
			}
			ds.IdeaEndorsements = append(ds.IdeaEndorsements, e)
		}
		idea.EndorsementsCount = nVotes
		idea.Votes = idea.InitialVotes + nVotes
		for k := range g.pick(3) {
			cc := g.between(c, sandboxNow)
			ic := AhaIdeaComment{ID: g.next(ahaKindIdeaComment), IdeaID: idea.ID,
				Body:      []string{"<p>We need this too!</p>", "<p>Thanks, we are looking into it.</p>", "<p>Any update?</p>"}[g.pick(3)],
				CreatedAt: fmtISOMillis(cc), Visibility: "Visible to all ideas portal users",
				IdeaCommenterUser: userRef(randomUser()), Attachments: []AhaAttachment{}}
			if k > 0 && g.chance(0.5) {
				ic.ParentIdeaCommentID = ptr(ds.IdeaComments[len(ds.IdeaComments)-1].ID)
			}
			ds.IdeaComments = append(ds.IdeaComments, ic)
		}
		ds.Ideas = append(ds.Ideas, idea)
	}
	slices.SortStableFunc(ds.IdeaEndorsements, func(a, b AhaIdeaEndorsement) int { return strings.Compare(a.CreatedAt, b.CreatedAt) })
	slices.SortStableFunc(ds.IdeaComments, func(a, b AhaIdeaComment) int { return strings.Compare(a.CreatedAt, b.CreatedAt) })

	// To-dos.
	nTodos := clampInt(rows/20, 3, 100)
	todoCreated := g.createdTimes(nTodos, ahaFirst.AddDate(0, 6, 0), ahaLast)
	for i := range nTodos {
		c := todoCreated[i]
		id := g.next(ahaKindTodo)
		td := AhaTodo{ID: id, Name: []string{"Review spec", "Update screenshots", "Call customer", "Write release notes", "Check analytics"}[g.pick(5)],
			Body: "<p>See the linked record.</p>", Status: "pending", Position: i + 1, CreatedAt: fmtISOMillis(c),
			UpdatedAt: fmtISOMillis(updated(c)), URL: g.web("tasks/" + id), Resource: g.api("todos/" + id),
			CreatedByUser: userRef(randomUser()), AssignedUsers: []AhaUserBrief{}}
		if g.chance(0.5) {
			td.Status = "completed"
		}
		if g.chance(0.7) {
			td.DueDate = ptr(fmtDate(c.AddDate(0, 0, 7+g.pick(30))))
		}
		for _, k := range g.r.Perm(len(ds.Users))[:1+g.pick(2)] {
			u := ds.Users[k]
			td.AssignedUsers = append(td.AssignedUsers, AhaUserBrief{ID: u.ID, Name: u.Name, Email: u.Email})
		}
		ds.Todos = append(ds.Todos, td)
	}

	// Comments on every commentable kind, in creation order.
	type target struct {
		typ, id, url, product string
		created               time.Time
		count                 *int
	}
	var targets []target
	for i := range ds.Features {
		f := &ds.Features[i]
		targets = append(targets, target{"Feature", f.ID, f.URL, f.ProductID, mustISO(f.CreatedAt), &f.CommentsCount})
	}
	for i := range ds.Epics {
		e := &ds.Epics[i]
		targets = append(targets, target{"Epic", e.ID, e.URL, e.ProductID, mustISO(e.CreatedAt), &e.CommentsCount})
	}
	for i := range ds.Requirements {
		r := &ds.Requirements[i]
		targets = append(targets, target{"Requirement", r.ID, r.URL, r.Feature.ProductID, mustISO(r.CreatedAt), &r.CommentsCount})
	}
	for i := range ds.Ideas {
		d := &ds.Ideas[i]
		targets = append(targets, target{"Idea", d.ID, d.URL, d.ProductID, mustISO(d.CreatedAt), &d.CommentsCount})
	}
	for i := range ds.Releases {
		r := &ds.Releases[i]
		targets = append(targets, target{"Release", r.ID, r.URL, r.ProductID, mustISO(r.CreatedAt), &r.CommentsCount})
	}
	for i := range ds.ReleasePhases {
		ph := &ds.ReleasePhases[i]
		rel := ds.Releases[slices.IndexFunc(ds.Releases, func(r AhaRelease) bool { return r.ID == ph.ReleaseID })]
		targets = append(targets, target{"ReleasePhase", ph.ID, rel.URL, rel.ProductID, mustISO(ph.CreatedAt), new(int)})
	}
	for i := range ds.Initiatives {
		in := &ds.Initiatives[i]
		targets = append(targets, target{"Initiative", in.ID, in.URL, in.ProductID, mustISO(in.CreatedAt), &in.CommentsCount})
	}
	for i := range ds.Goals {
		gl := &ds.Goals[i]
		targets = append(targets, target{"Goal", gl.ID, gl.URL, gl.ProductID, mustISO(gl.CreatedAt), &gl.CommentsCount})
	}
	for i := range ds.Todos {
		td := &ds.Todos[i]
		targets = append(targets, target{"Task", td.ID, td.URL, ds.Products[i%nProducts].ID, mustISO(td.CreatedAt), new(int)})
	}
	for _, t := range targets {
		n := 0
		switch r := g.r.Float64(); {
		case r < 0.55:
		case r < 0.85:
			n = 1
		default:
			n = 2
		}
		for range n {
			c := g.between(t.created, sandboxNow)
			id := g.next(ahaKindComment)
			ds.Comments = append(ds.Comments, AhaComment{ID: id, Body: ahaCommentBodies[g.pick(len(ahaCommentBodies))],
				CreatedAt: fmtISOMillis(c), UpdatedAt: fmtISOMillis(c), User: userRef(randomUser()),
				Attachments: []AhaAttachment{}, URL: g.web("comments/" + id), Resource: g.api("comments/" + id),
				Commentable: AhaCommentable{Type: t.typ, ID: t.id, URL: t.url, ProductID: t.product}})
			*t.count++
		}
	}
	slices.SortStableFunc(ds.Comments, func(a, b AhaComment) int { return strings.Compare(a.CreatedAt, b.CreatedAt) })

	// Strategic models, custom fields, competitors, backups.
	for _, p := range ds.Products {
		for k, typ := range []string{"lean_canvas", "swot"} {
			id := g.next(ahaKindMisc)
			c := mustISO(p.CreatedAt).AddDate(0, 1+k, 0)
			ds.StrategicModels = append(ds.StrategicModels, AhaStrategicModel{ID: id,
				Name: p.Name + " " + []string{"lean canvas", "SWOT"}[k], Type: typ, ProductID: p.ID,
				CreatedAt: fmtISOMillis(c), UpdatedAt: fmtISOMillis(updated(c)),
				URL: g.web("strategic_models/" + id), Resource: g.api("strategic_models/" + id)})
		}
	}
	defs := []struct{ key, name, typ, api string }{
		{"business_unit", "Business unit", "CustomFieldDefinitions::TextField", "string"},
		{"customer_segment", "Customer segment", "CustomFieldDefinitions::SelectConstant", "string"},
		{"target_markets", "Target markets", "CustomFieldDefinitions::SelectMultipleConstant", "array"},
		{"launch_notes", "Launch notes", "CustomFieldDefinitions::NoteField", "html"},
	}
	for k, d := range defs {
		id := g.next(ahaKindMisc)
		c := ahaFirst.AddDate(0, 0, 7*k)
		ds.CustomFieldDefinitions = append(ds.CustomFieldDefinitions, AhaCustomFieldDefinition{ID: id, Key: d.key,
			Name: d.name, Type: d.typ, APIType: d.api, CreatedAt: fmtISOMillis(c), UpdatedAt: fmtISOMillis(c)})
		if strings.Contains(d.typ, "Select") {
			values := []string{"SMB", "Mid-market", "Enterprise"}
			if d.api == "array" {
				values = []string{"North America", "Europe", "APAC", "LATAM"}
			}
			for pos, v := range values {
				ds.CustomFieldOptions = append(ds.CustomFieldOptions, AhaCustomFieldOption{ID: g.next(ahaKindMisc),
					Value: v, Position: pos + 1, Color: []string{"#dce7c6", "#c8d9f0", "#f5b971", "#eb5757"}[pos], DefinitionID: id})
			}
		}
	}
	for _, p := range ds.Products {
		for k, name := range []string{"Contoso", "Fabrikam"} {
			id := g.next(ahaKindMisc)
			c := mustISO(p.CreatedAt).AddDate(0, 2+k, 0)
			ds.Competitors = append(ds.Competitors, AhaCompetitor{ID: id, Name: name, ProductID: p.ID,
				CreatedAt: fmtISOMillis(c), UpdatedAt: fmtISOMillis(c), URL: g.web("competitors/" + id),
				Resource: g.api("competitors/" + id), Description: g.description("<p>"+name+" competes with "+p.Name+".</p>", c, c)})
		}
	}
	for k := range 3 {
		id := g.next(ahaKindMisc)
		c := ahaLast.AddDate(0, 0, 7*k)
		ds.AccountBackups = append(ds.AccountBackups, AhaAccountBackup{ID: id, CreatedAt: fmtISOMillis(c),
			Status: "completed", FileSize: int64(1_000_000 + g.pick(9_000_000)), URL: g.api("account_backups/" + id + "/download")})
	}
	return ds
}

// mustISO parses a datetime of the data set (ISO 8601 with milliseconds).
func mustISO(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}
