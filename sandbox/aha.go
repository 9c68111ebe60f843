package sandbox

import "encoding/json"

// The record types below mirror the JSON objects of the Aha! REST API v1
// (reference §3.8), fields in the documented order. Every id is a string of
// digits above 2^53; datetimes carry milliseconds ("2024-01-01T00:00:00.000Z")
// and dates are "2006-01-02". The full records are what get-by-id returns;
// list endpoints return a default subset unless fields= asks for more.

// AhaDataset holds every record an Aha! [Server] serves. Each slice is in
// creation order, which is the order of the list endpoints.
type AhaDataset struct {
	// Products are the workspaces: clamp(Rows/100, 2, 10).
	Products []AhaProduct
	// Features are Options.Rows features spread over the products.
	Features []AhaFeature
	// Epics: clamp(Rows/20, 2, 200).
	Epics []AhaEpic
	// Ideas: max(4, Rows/2).
	Ideas []AhaIdea
	// Releases: 3 to 6 per product, the last one a parking lot.
	Releases []AhaRelease
	// ReleasePhases: 2 to 3 per scheduled release.
	ReleasePhases []AhaReleasePhase
	// Initiatives: clamp(Rows/50, 2, 60).
	Initiatives []AhaInitiative
	// Goals: clamp(Rows/100, 2, 30).
	Goals []AhaGoal
	// Requirements: 0 to 3 per feature.
	Requirements []AhaRequirement
	// Comments on features, epics, requirements, ideas, releases,
	// release phases, initiatives, goals and to-dos.
	Comments []AhaComment
	// Users: clamp(Rows/25, 5, 40). Users[0] owns the API key (/me).
	Users []AhaUser
	// IdeaCategories: 4 per product.
	IdeaCategories []AhaIdeaCategory
	// IdeaEndorsements are the idea votes, proxy votes included.
	IdeaEndorsements []AhaIdeaEndorsement
	// IdeaComments are the ideas-portal comments.
	IdeaComments []AhaIdeaComment
	// IdeaOrganizations: 6.
	IdeaOrganizations []AhaIdeaOrganization
	// Todos: clamp(Rows/20, 3, 100), served under the "tasks" key.
	Todos []AhaTodo
	// StrategicModels: 2 per product.
	StrategicModels []AhaStrategicModel
	// CustomFieldDefinitions: 4.
	CustomFieldDefinitions []AhaCustomFieldDefinition
	// CustomFieldOptions are the options of the list-type definitions.
	CustomFieldOptions []AhaCustomFieldOption
	// Competitors: 2 per product.
	Competitors []AhaCompetitor
	// AccountBackups: 3.
	AccountBackups []AhaAccountBackup
}

// AhaUserRef is the user object nested in records (created_by_user, owner,
// comment user).
type AhaUserRef struct {
	// ID is the user's id.
	ID string `json:"id"`
	// Name is the user's full name.
	Name string `json:"name"`
	// Email is the user's e-mail address.
	Email string `json:"email"`
	// CreatedAt is the user's creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the user's last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// AhaAssignee is the assigned_to_user object of features and other work
// items.
type AhaAssignee struct {
	// ID is the user's id.
	ID string `json:"id"`
	// Name is the user's full name.
	Name string `json:"name"`
	// Email is the user's e-mail address.
	Email string `json:"email"`
	// CreatedAt is the user's creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the user's last update datetime.
	UpdatedAt string `json:"updated_at"`
	// DefaultAssignee tells whether the user is the workflow's default.
	DefaultAssignee bool `json:"default_assignee"`
}

// AhaUserBrief is an {id, name, email} user object.
type AhaUserBrief struct {
	// ID is the user's id.
	ID string `json:"id"`
	// Name is the user's full name.
	Name string `json:"name"`
	// Email is the user's e-mail address.
	Email string `json:"email"`
}

// AhaPortalUser is an ideas-portal user or idea user (contact).
type AhaPortalUser struct {
	// ID is the portal user's id.
	ID string `json:"id"`
	// Name is the portal user's name.
	Name string `json:"name"`
	// Email is the portal user's e-mail address.
	Email string `json:"email"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
}

// AhaWorkflowStatus is a record's workflow status.
type AhaWorkflowStatus struct {
	// ID is the status id.
	ID string `json:"id"`
	// Name is the status name, e.g. "In development".
	Name string `json:"name"`
	// Position orders the statuses of a workflow.
	Position int `json:"position"`
	// Complete tells whether the status ends the workflow.
	Complete bool `json:"complete"`
	// Color is a hex color.
	Color string `json:"color"`
}

// AhaWorkflowKind is a feature's kind ("New", "Improvement", "Bug fix").
type AhaWorkflowKind struct {
	// ID is the kind's id.
	ID string `json:"id"`
	// Name is the kind's name.
	Name string `json:"name"`
}

// AhaAttachment is a file attached to a record or description.
type AhaAttachment struct {
	// ID is the attachment's id.
	ID string `json:"id"`
	// DownloadURL is where the file is served.
	DownloadURL string `json:"download_url"`
	// CreatedAt is the upload datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// ContentType is the file's MIME type.
	ContentType string `json:"content_type"`
	// FileName is the file's name.
	FileName string `json:"file_name"`
	// FileSize is the size in bytes.
	FileSize int64 `json:"file_size"`
}

// AhaDescription is the rich-text description of a record.
type AhaDescription struct {
	// ID is the note's id.
	ID string `json:"id"`
	// Body is HTML.
	Body string `json:"body"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// Attachments are the attached files; never nil.
	Attachments []AhaAttachment `json:"attachments"`
}

// AhaProductRef is the product ("project") object nested in records.
type AhaProductRef struct {
	// ID is the product's id.
	ID string `json:"id"`
	// ReferencePrefix is the product's key, e.g. "PRJ1".
	ReferencePrefix string `json:"reference_prefix"`
	// Name is the product's name.
	Name string `json:"name"`
	// ProductLine tells whether the product is a product line.
	ProductLine bool `json:"product_line"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// WorkspaceType is "product_workspace", "marketing_workspace", ...
	WorkspaceType string `json:"workspace_type"`
	// URL is the product's web URL.
	URL string `json:"url"`
}

// AhaIntegrationField links a record to an integration (Jira, ...).
type AhaIntegrationField struct {
	// ID is the field's id.
	ID string `json:"id"`
	// Name is the field's name, e.g. "key".
	Name string `json:"name"`
	// Value is the field's value, e.g. "JRA-34".
	Value string `json:"value"`
	// IntegrationID is the integration's numeric id.
	IntegrationID int64 `json:"integration_id"`
	// ServiceName is the integration's service, e.g. "jira".
	ServiceName string `json:"service_name"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
}

// AhaReleaseRef is the release object nested in features.
type AhaReleaseRef struct {
	// ID is the release's id.
	ID string `json:"id"`
	// ReferenceNum is the release's reference, e.g. "PRJ1-R-2".
	ReferenceNum string `json:"reference_num"`
	// Name is the release's name.
	Name string `json:"name"`
	// StartDate is the start date, or nil.
	StartDate *string `json:"start_date"`
	// ReleaseDate is the release date, or nil.
	ReleaseDate *string `json:"release_date"`
	// ParkingLot tells whether the release is a parking lot.
	ParkingLot bool `json:"parking_lot"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// ProductID is the product's id.
	ProductID string `json:"product_id"`
	// IntegrationFields are the release's integration links; never nil.
	IntegrationFields []AhaIntegrationField `json:"integration_fields"`
	// URL is the release's web URL.
	URL string `json:"url"`
	// Resource is the release's API URL.
	Resource string `json:"resource"`
	// Owner is the release owner.
	Owner AhaUserRef `json:"owner"`
	// Project is the release's product.
	Project AhaProductRef `json:"project"`
}

// AhaTag is an {id, name} tag of full_tags.
type AhaTag struct {
	// ID is the tag's id.
	ID string `json:"id"`
	// Name is the tag's name.
	Name string `json:"name"`
}

// AhaCustomField is a custom field value of a record.
type AhaCustomField struct {
	// Key is the field's API key.
	Key string `json:"key"`
	// Name is the field's label.
	Name string `json:"name"`
	// Value is the value (a string in the sandbox).
	Value string `json:"value"`
	// Type is the field's type, e.g. "string".
	Type string `json:"type"`
}

// AhaScoreFact is one input of a record's score.
type AhaScoreFact struct {
	// ID is the fact's id.
	ID string `json:"id"`
	// Name is the metric, e.g. "Benefit".
	Name string `json:"name"`
	// Value is the metric's value.
	Value int `json:"value"`
}

// AhaStatusTime is a period a record spent in a workflow status.
type AhaStatusTime struct {
	// StatusID is the status's id.
	StatusID string `json:"status_id"`
	// StatusName is the status's name.
	StatusName string `json:"status_name"`
	// StartedAt is when the record entered the status.
	StartedAt string `json:"started_at"`
	// EndedAt is when it left, nil for the current status.
	EndedAt *string `json:"ended_at"`
}

// AhaRecordRef is an {id, name, reference_num, url, resource} link to
// another record (goals, initiatives, features, releases of a record).
type AhaRecordRef struct {
	// ID is the record's id.
	ID string `json:"id"`
	// Name is the record's name.
	Name string `json:"name"`
	// ReferenceNum is the record's reference.
	ReferenceNum string `json:"reference_num"`
	// URL is the record's web URL.
	URL string `json:"url"`
	// Resource is the record's API URL.
	Resource string `json:"resource"`
}

// AhaKeyResult is a measurable key result of a goal.
type AhaKeyResult struct {
	// ID is the key result's id.
	ID string `json:"id"`
	// Name is the key result's name.
	Name string `json:"name"`
	// TargetValue is the value to reach.
	TargetValue float64 `json:"target_value"`
	// CurrentValue is the value reached.
	CurrentValue float64 `json:"current_value"`
	// Unit is the unit, e.g. "%".
	Unit string `json:"unit"`
	// Progress is 0 to 100.
	Progress int `json:"progress"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// AhaRequirementRef is a requirement as nested in its feature.
type AhaRequirementRef struct {
	// ID is the requirement's id.
	ID string `json:"id"`
	// Name is the requirement's name.
	Name string `json:"name"`
	// ReferenceNum is e.g. "PRJ1-12-1".
	ReferenceNum string `json:"reference_num"`
	// Position orders the feature's requirements.
	Position int `json:"position"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// ReleaseID is the numeric id of the feature's release.
	ReleaseID int64 `json:"release_id"`
	// WorkflowStatus is the requirement's status.
	WorkflowStatus AhaWorkflowStatus `json:"workflow_status"`
	// URL is the requirement's web URL.
	URL string `json:"url"`
	// Resource is the requirement's API URL.
	Resource string `json:"resource"`
}

// AhaFeatureLink is a link between two records.
type AhaFeatureLink struct {
	// LinkType is e.g. "Relates to" or "Depends on".
	LinkType string `json:"link_type"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// ParentRecord is the linking record.
	ParentRecord AhaRecordRef `json:"parent_record"`
	// ChildRecord is the linked record.
	ChildRecord AhaRecordRef `json:"child_record"`
}

// AhaProduct is a record of GET /api/v1/products (a workspace).
type AhaProduct struct {
	// ID is the product's id.
	ID string `json:"id"`
	// ReferencePrefix is the product's key, e.g. "PRJ1"; paths accept it
	// in place of the id.
	ReferencePrefix string `json:"reference_prefix"`
	// Name is the product's name.
	Name string `json:"name"`
	// ProductLine tells whether the product is a product line.
	ProductLine bool `json:"product_line"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// WorkspaceType is "product_workspace", "marketing_workspace", ...
	WorkspaceType string `json:"workspace_type"`
	// URL is the product's web URL.
	URL string `json:"url"`
	// UpdatedAt is the last update datetime (get-by-id and fields= only).
	UpdatedAt string `json:"updated_at"`
	// ParentID is the id of the product line, or nil.
	ParentID *string `json:"parent_id"`
	// Description is the product's description.
	Description AhaDescription `json:"description"`
	// CustomFields are the product's custom fields; never nil.
	CustomFields []AhaCustomField `json:"custom_fields"`
}

// AhaFeature is a record of GET /api/v1/features.
type AhaFeature struct {
	// ID is the feature's id.
	ID string `json:"id"`
	// Name is the feature's name.
	Name string `json:"name"`
	// ReferenceNum is e.g. "PRJ1-123"; paths accept it in place of the id.
	ReferenceNum string `json:"reference_num"`
	// InitiativeReferenceNum is the initiative's reference, or nil.
	InitiativeReferenceNum *string `json:"initiative_reference_num"`
	// ReleaseReferenceNum is the release's reference.
	ReleaseReferenceNum string `json:"release_reference_num"`
	// EpicReferenceNum is the epic's reference, or nil.
	EpicReferenceNum *string `json:"epic_reference_num"`
	// Position orders the features of a release.
	Position int `json:"position"`
	// Score is the feature's score.
	Score int `json:"score"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// StartDate is the start date, or nil.
	StartDate *string `json:"start_date"`
	// DueDate is the due date, or nil.
	DueDate *string `json:"due_date"`
	// ProductID is the product's id.
	ProductID string `json:"product_id"`
	// Progress is 0 to 100.
	Progress int `json:"progress"`
	// ProgressSource is "progress_manual", "progress_from_requirements", ...
	ProgressSource string `json:"progress_source"`
	// StatusChangedOn is the date of the last status change.
	StatusChangedOn string `json:"status_changed_on"`
	// CreatedByUser is the creator.
	CreatedByUser AhaUserRef `json:"created_by_user"`
	// WorkflowKind is the feature's kind.
	WorkflowKind AhaWorkflowKind `json:"workflow_kind"`
	// WorkflowStatus is the feature's status.
	WorkflowStatus AhaWorkflowStatus `json:"workflow_status"`
	// Project is the feature's product.
	Project AhaProductRef `json:"project"`
	// Description is the feature's description.
	Description AhaDescription `json:"description"`
	// Attachments are the attached files; never nil.
	Attachments []AhaAttachment `json:"attachments"`
	// IntegrationFields are the integration links; never nil.
	IntegrationFields []AhaIntegrationField `json:"integration_fields"`
	// URL is the feature's web URL.
	URL string `json:"url"`
	// Resource is the feature's API URL.
	Resource string `json:"resource"`
	// Release is the feature's release.
	Release AhaReleaseRef `json:"release"`
	// AssignedToUser is the assignee, or nil.
	AssignedToUser *AhaAssignee `json:"assigned_to_user"`
	// Requirements are the feature's requirements; never nil.
	Requirements []AhaRequirementRef `json:"requirements"`
	// Goals are the goals the feature supports; never nil.
	Goals []AhaRecordRef `json:"goals"`
	// KeyResults are the key results the feature supports; never nil.
	KeyResults []AhaKeyResult `json:"key_results"`
	// CommentsCount is the number of comments.
	CommentsCount int `json:"comments_count"`
	// ScoreFacts are the inputs of Score; never nil.
	ScoreFacts []AhaScoreFact `json:"score_facts"`
	// Tags are tag names; never nil.
	Tags []string `json:"tags"`
	// FullTags are the tags with ids; never nil.
	FullTags []AhaTag `json:"full_tags"`
	// CustomFields are the custom field values; never nil.
	CustomFields []AhaCustomField `json:"custom_fields"`
	// FeatureLinks are the links to other records; never nil.
	FeatureLinks []AhaFeatureLink `json:"feature_links"`
	// WorkflowStatusTimes is the status history; never nil.
	WorkflowStatusTimes []AhaStatusTime `json:"workflow_status_times"`
	// FeatureOnlyOriginalEstimate is the original estimate in minutes, or nil.
	FeatureOnlyOriginalEstimate *float64 `json:"feature_only_original_estimate"`
	// FeatureOnlyRemainingEstimate is the remaining estimate, or nil.
	FeatureOnlyRemainingEstimate *float64 `json:"feature_only_remaining_estimate"`
	// FeatureOnlyWorkDone is the work done, or nil.
	FeatureOnlyWorkDone *float64 `json:"feature_only_work_done"`
}

// AhaEpic is a record of GET /api/v1/epics. The fields after Resource
// (release, assignee, tags, comments_count, custom_fields) extend the
// documented list, as the reference expects the full epic to mirror the
// feature.
type AhaEpic struct {
	// ID is the epic's id.
	ID string `json:"id"`
	// Name is the epic's name.
	Name string `json:"name"`
	// ReferenceNum is e.g. "PRJ1-E-12".
	ReferenceNum string `json:"reference_num"`
	// InitiativeReferenceNum is the initiative's reference, or nil.
	InitiativeReferenceNum *string `json:"initiative_reference_num"`
	// Position orders the epics.
	Position int `json:"position"`
	// Score is the epic's score.
	Score int `json:"score"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// StartDate is the start date, or nil.
	StartDate *string `json:"start_date"`
	// DueDate is the due date, or nil.
	DueDate *string `json:"due_date"`
	// ProductID is the product's id.
	ProductID string `json:"product_id"`
	// Progress is 0 to 100.
	Progress int `json:"progress"`
	// ProgressSource is e.g. "progress_manual".
	ProgressSource string `json:"progress_source"`
	// DurationSource is e.g. "duration_manual".
	DurationSource string `json:"duration_source"`
	// CreatedBy is the creator.
	CreatedBy AhaUserBrief `json:"created_by"`
	// WorkflowStatus is the epic's status.
	WorkflowStatus AhaWorkflowStatus `json:"workflow_status"`
	// Description is the epic's description.
	Description AhaDescription `json:"description"`
	// URL is the epic's web URL.
	URL string `json:"url"`
	// Resource is the epic's API URL.
	Resource string `json:"resource"`
	// Release is the epic's release.
	Release AhaReleaseRef `json:"release"`
	// AssignedToUser is the assignee, or nil.
	AssignedToUser *AhaAssignee `json:"assigned_to_user"`
	// Tags are tag names; never nil.
	Tags []string `json:"tags"`
	// FullTags are the tags with ids; never nil.
	FullTags []AhaTag `json:"full_tags"`
	// CommentsCount is the number of comments.
	CommentsCount int `json:"comments_count"`
	// CustomFields are the custom field values; never nil.
	CustomFields []AhaCustomField `json:"custom_fields"`
}

// AhaIdeaCategory is a record of GET /api/v1/products/{id}/idea_categories.
type AhaIdeaCategory struct {
	// ID is the category's id.
	ID string `json:"id"`
	// Name is the category's name.
	Name string `json:"name"`
	// ParentID is the parent category's id, or nil.
	ParentID *string `json:"parent_id"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
}

// AhaIdea is a record of GET /api/v1/ideas.
type AhaIdea struct {
	// ID is the idea's id.
	ID string `json:"id"`
	// Name is the idea's name.
	Name string `json:"name"`
	// ReferenceNum is e.g. "PRJ1-I-3".
	ReferenceNum string `json:"reference_num"`
	// Score is the idea's score.
	Score int `json:"score"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// ProductID is the product's id.
	ProductID string `json:"product_id"`
	// Votes is the number of votes.
	Votes int `json:"votes"`
	// InitialVotes is the number of votes given at creation.
	InitialVotes int `json:"initial_votes"`
	// StatusChangedAt is the datetime of the last status change.
	StatusChangedAt string `json:"status_changed_at"`
	// WorkflowStatus is the idea's status.
	WorkflowStatus AhaWorkflowStatus `json:"workflow_status"`
	// Description is the idea's description.
	Description AhaDescription `json:"description"`
	// Visibility is e.g. "Visible to all ideas portal users".
	Visibility string `json:"visibility"`
	// URL is the idea's web URL.
	URL string `json:"url"`
	// Resource is the idea's API URL.
	Resource string `json:"resource"`
	// Product is the idea's product.
	Product AhaProductRef `json:"product"`
	// CreatedByUser is the Aha! user who created the idea, or nil.
	CreatedByUser *AhaUserRef `json:"created_by_user"`
	// CreatedByPortalUser is the portal user who created it, or nil.
	CreatedByPortalUser *AhaPortalUser `json:"created_by_portal_user"`
	// CreatedByIdeaUser is the idea user (contact) who created it, or nil.
	CreatedByIdeaUser *AhaPortalUser `json:"created_by_idea_user"`
	// AssignedToUser is the assignee, or nil.
	AssignedToUser *AhaUserBrief `json:"assigned_to_user"`
	// EndorsementsCount is the number of endorsements.
	EndorsementsCount int `json:"endorsements_count"`
	// CommentsCount is the number of comments.
	CommentsCount int `json:"comments_count"`
	// ScoreFacts are the inputs of Score; never nil.
	ScoreFacts []AhaScoreFact `json:"score_facts"`
	// Tags are tag names; never nil.
	Tags []string `json:"tags"`
	// FullTags are the tags with ids; never nil.
	FullTags []AhaTag `json:"full_tags"`
	// Categories are the idea's categories; never nil.
	Categories []AhaIdeaCategory `json:"categories"`
	// CustomFields are the custom field values; never nil.
	CustomFields []AhaCustomField `json:"custom_fields"`
	// WorkflowStatusTimes is the status history; never nil.
	WorkflowStatusTimes []AhaStatusTime `json:"workflow_status_times"`
	// SubmittedIdeaPortalRecordURL is the idea's portal URL.
	SubmittedIdeaPortalRecordURL string `json:"submitted_idea_portal_record_url"`
	// IntegrationFields are the integration links; never nil.
	IntegrationFields []AhaIntegrationField `json:"integration_fields"`
	// Spam marks ideas hidden unless spam=true; not part of the JSON.
	Spam bool `json:"-"`
}

// AhaPhaseRef is a phase as nested in its release.
type AhaPhaseRef struct {
	// ID is the phase's id.
	ID string `json:"id"`
	// Name is the phase's name.
	Name string `json:"name"`
	// StartDate is the start date.
	StartDate string `json:"start_date"`
	// EndDate is the end date.
	EndDate string `json:"end_date"`
	// Position orders the phases.
	Position int `json:"position"`
}

// AhaRelease is a record of GET /api/v1/releases.
type AhaRelease struct {
	// ID is the release's id.
	ID string `json:"id"`
	// Name is the release's name.
	Name string `json:"name"`
	// ReferenceNum is e.g. "PRJ1-R-2".
	ReferenceNum string `json:"reference_num"`
	// DevelopmentStartedOn is the date development started, or nil.
	DevelopmentStartedOn *string `json:"development_started_on"`
	// StartDate is the start date, or nil (parking lots).
	StartDate *string `json:"start_date"`
	// ReleaseDate is the planned release date, or nil.
	ReleaseDate *string `json:"release_date"`
	// ReleasedOn is the actual release date, or nil.
	ReleasedOn *string `json:"released_on"`
	// ExternalReleaseDate is the announced date, or nil.
	ExternalReleaseDate *string `json:"external_release_date"`
	// Theme is the release's theme.
	Theme string `json:"theme"`
	// ParkingLot tells whether the release is a parking lot.
	ParkingLot bool `json:"parking_lot"`
	// Position orders the releases.
	Position int `json:"position"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// ProductID is the product's id.
	ProductID string `json:"product_id"`
	// Progress is 0 to 100.
	Progress int `json:"progress"`
	// ProgressSource is e.g. "progress_rollup".
	ProgressSource string `json:"progress_source"`
	// URL is the release's web URL.
	URL string `json:"url"`
	// Resource is the release's API URL.
	Resource string `json:"resource"`
	// Project is the release's product.
	Project AhaProductRef `json:"project"`
	// WorkflowStatus is the release's status.
	WorkflowStatus AhaWorkflowStatus `json:"workflow_status"`
	// Description is the release's description.
	Description AhaDescription `json:"description"`
	// Attachments are the attached files; never nil.
	Attachments []AhaAttachment `json:"attachments"`
	// Owner is the release owner.
	Owner AhaUserRef `json:"owner"`
	// AssignedToUser is the assignee, or nil.
	AssignedToUser *AhaAssignee `json:"assigned_to_user"`
	// CreatedByUser is the creator.
	CreatedByUser AhaUserRef `json:"created_by_user"`
	// CommentsCount is the number of comments.
	CommentsCount int `json:"comments_count"`
	// Goals are the goals the release supports; never nil.
	Goals []AhaRecordRef `json:"goals"`
	// IntegrationFields are the integration links; never nil.
	IntegrationFields []AhaIntegrationField `json:"integration_fields"`
	// WorkflowStatusTimes is the status history; never nil.
	WorkflowStatusTimes []AhaStatusTime `json:"workflow_status_times"`
	// CustomFields are the custom field values; never nil.
	CustomFields []AhaCustomField `json:"custom_fields"`
	// Tags are tag names; never nil.
	Tags []string `json:"tags"`
	// FullTags are the tags with ids; never nil.
	FullTags []AhaTag `json:"full_tags"`
	// Phases are the release's phases; never nil.
	Phases []AhaPhaseRef `json:"phases"`
}

// AhaReleasePhase is a record of GET /api/v1/release_phases. The reference
// gives no column list; the fields are those of a release's phases plus
// the phase's type, release and timestamps.
type AhaReleasePhase struct {
	// ID is the phase's id.
	ID string `json:"id"`
	// Name is the phase's name.
	Name string `json:"name"`
	// StartDate is the start date.
	StartDate string `json:"start_date"`
	// EndDate is the end date (equal to StartDate for a milestone).
	EndDate string `json:"end_date"`
	// Position orders the phases of a release.
	Position int `json:"position"`
	// Type is "phase" or "milestone".
	Type string `json:"type"`
	// ReleaseID is the release's id.
	ReleaseID string `json:"release_id"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// Description is the phase's description.
	Description AhaDescription `json:"description"`
}

// AhaTimeFrame is an initiative's time frame.
type AhaTimeFrame struct {
	// ID is the time frame's numeric id.
	ID int64 `json:"id"`
	// Name is e.g. "2025 H1".
	Name string `json:"name"`
}

// AhaInitiative is a record of GET /api/v1/initiatives.
type AhaInitiative struct {
	// ID is the initiative's id.
	ID string `json:"id"`
	// Name is the initiative's name.
	Name string `json:"name"`
	// ReferenceNum is e.g. "PRJ1-S-3".
	ReferenceNum string `json:"reference_num"`
	// Status is the workflow status name.
	Status string `json:"status"`
	// Effort is the estimated effort.
	Effort int `json:"effort"`
	// Value is the estimated value.
	Value int `json:"value"`
	// Presented tells whether the initiative shows on roadmaps.
	Presented bool `json:"presented"`
	// Color is a hex color.
	Color string `json:"color"`
	// StartDate is the start date, or nil.
	StartDate *string `json:"start_date"`
	// EndDate is the end date, or nil.
	EndDate *string `json:"end_date"`
	// Position orders the initiatives.
	Position int `json:"position"`
	// Score is the initiative's score.
	Score int `json:"score"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// ProductID is the product's id.
	ProductID string `json:"product_id"`
	// Progress is 0 to 100.
	Progress int `json:"progress"`
	// ProgressSource is e.g. "progress_manual".
	ProgressSource string `json:"progress_source"`
	// DurationSource is e.g. "duration_manual".
	DurationSource string `json:"duration_source"`
	// URL is the initiative's web URL.
	URL string `json:"url"`
	// Resource is the initiative's API URL.
	Resource string `json:"resource"`
	// Project is the initiative's product.
	Project AhaProductRef `json:"project"`
	// WorkflowStatus is the initiative's status.
	WorkflowStatus AhaWorkflowStatus `json:"workflow_status"`
	// Description is the initiative's description.
	Description AhaDescription `json:"description"`
	// Attachments are the attached files; never nil.
	Attachments []AhaAttachment `json:"attachments"`
	// AssignedToUser is the assignee, or nil.
	AssignedToUser *AhaAssignee `json:"assigned_to_user"`
	// TimeFrame is the initiative's time frame, or nil.
	TimeFrame *AhaTimeFrame `json:"time_frame"`
	// CommentsCount is the number of comments.
	CommentsCount int `json:"comments_count"`
	// Goals are the goals the initiative supports; never nil.
	Goals []AhaRecordRef `json:"goals"`
	// KeyResults are the key results it supports; never nil.
	KeyResults []AhaKeyResult `json:"key_results"`
	// ScoreFacts are the inputs of Score; never nil.
	ScoreFacts []AhaScoreFact `json:"score_facts"`
	// IntegrationFields are the integration links; never nil.
	IntegrationFields []AhaIntegrationField `json:"integration_fields"`
	// CreatedByUser is the creator.
	CreatedByUser AhaUserRef `json:"created_by_user"`
}

// AhaGoal is a record of GET /api/v1/goals.
type AhaGoal struct {
	// ID is the goal's id.
	ID string `json:"id"`
	// Name is the goal's name.
	Name string `json:"name"`
	// ReferenceNum is e.g. "PRJ1-G-2".
	ReferenceNum string `json:"reference_num"`
	// Status is the workflow status name.
	Status string `json:"status"`
	// Position orders the goals.
	Position int `json:"position"`
	// Score is the goal's score.
	Score float64 `json:"score"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// StartDate is the start date, or nil.
	StartDate *string `json:"start_date"`
	// EndDate is the end date, or nil.
	EndDate *string `json:"end_date"`
	// Progress is 0 to 100.
	Progress float64 `json:"progress"`
	// ProgressSource is e.g. "progress_from_key_results".
	ProgressSource string `json:"progress_source"`
	// URL is the goal's web URL.
	URL string `json:"url"`
	// Resource is the goal's API URL.
	Resource string `json:"resource"`
	// Project is the goal's product.
	Project AhaProductRef `json:"project"`
	// WorkflowStatus is the goal's status.
	WorkflowStatus AhaWorkflowStatus `json:"workflow_status"`
	// Description is the goal's description.
	Description AhaDescription `json:"description"`
	// Attachments are the attached files; never nil.
	Attachments []AhaAttachment `json:"attachments"`
	// AssignedToUser is the assignee, or nil.
	AssignedToUser *AhaAssignee `json:"assigned_to_user"`
	// CreatedByUser is the creator.
	CreatedByUser AhaUserRef `json:"created_by_user"`
	// CommentsCount is the number of comments.
	CommentsCount int `json:"comments_count"`
	// KeyResults are the goal's key results; never nil.
	KeyResults []AhaKeyResult `json:"key_results"`
	// Initiatives are the initiatives supporting the goal; never nil.
	Initiatives []AhaRecordRef `json:"initiatives"`
	// Features are the features supporting the goal; never nil.
	Features []AhaRecordRef `json:"features"`
	// Releases are the releases supporting the goal; never nil.
	Releases []AhaRecordRef `json:"releases"`
	// IntegrationFields are the integration links; never nil.
	IntegrationFields []AhaIntegrationField `json:"integration_fields"`
	// CustomFields are the custom field values; never nil.
	CustomFields []AhaCustomField `json:"custom_fields"`
	// Tags are tag names; never nil.
	Tags []string `json:"tags"`
	// FullTags are the tags with ids; never nil.
	FullTags []AhaTag `json:"full_tags"`
	// ProductID is the product's id (listed by Airbyte).
	ProductID string `json:"product_id"`
}

// AhaFeatureRef is the feature object nested in a requirement.
type AhaFeatureRef struct {
	// ID is the feature's id.
	ID string `json:"id"`
	// ReferenceNum is the feature's reference.
	ReferenceNum string `json:"reference_num"`
	// Name is the feature's name.
	Name string `json:"name"`
	// CreatedAt is the feature's creation datetime.
	CreatedAt string `json:"created_at"`
	// URL is the feature's web URL.
	URL string `json:"url"`
	// Resource is the feature's API URL.
	Resource string `json:"resource"`
	// ProductID is the feature's product id.
	ProductID string `json:"product_id"`
}

// AhaRequirement is a record of GET /api/v1/requirements/{id} and
// /api/v1/features/{id}/requirements.
type AhaRequirement struct {
	// ID is the requirement's id.
	ID string `json:"id"`
	// Name is the requirement's name.
	Name string `json:"name"`
	// ReferenceNum is e.g. "PRJ1-12-1".
	ReferenceNum string `json:"reference_num"`
	// Position orders the feature's requirements.
	Position int `json:"position"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// ReleaseID is the numeric id of the feature's release.
	ReleaseID int64 `json:"release_id"`
	// CreatedByUser is the creator.
	CreatedByUser AhaUserRef `json:"created_by_user"`
	// WorkflowStatus is the requirement's status.
	WorkflowStatus AhaWorkflowStatus `json:"workflow_status"`
	// URL is the requirement's web URL.
	URL string `json:"url"`
	// Resource is the requirement's API URL.
	Resource string `json:"resource"`
	// Description is the requirement's description.
	Description AhaDescription `json:"description"`
	// Feature is the requirement's feature.
	Feature AhaFeatureRef `json:"feature"`
	// AssignedToUser is the assignee, or nil.
	AssignedToUser *AhaAssignee `json:"assigned_to_user"`
	// Attachments are the attached files; never nil.
	Attachments []AhaAttachment `json:"attachments"`
	// Tags are tag names; never nil.
	Tags []string `json:"tags"`
	// FullTags are the tags with ids; never nil.
	FullTags []AhaTag `json:"full_tags"`
	// CustomFields are the custom field values; never nil.
	CustomFields []AhaCustomField `json:"custom_fields"`
	// IntegrationFields are the integration links; never nil.
	IntegrationFields []AhaIntegrationField `json:"integration_fields"`
	// CommentsCount is the number of comments.
	CommentsCount int `json:"comments_count"`
	// WorkflowStatusTimes is the status history; never nil.
	WorkflowStatusTimes []AhaStatusTime `json:"workflow_status_times"`
}

// AhaCommentable is the record a comment is on.
type AhaCommentable struct {
	// Type is "Feature", "Epic", "Requirement", "Idea", "Release",
	// "ReleasePhase", "Initiative", "Goal" or "Task".
	Type string `json:"type"`
	// ID is the record's id.
	ID string `json:"id"`
	// URL is the record's web URL.
	URL string `json:"url"`
	// ProductID is the record's product id.
	ProductID string `json:"product_id"`
}

// AhaComment is a record of the .../comments endpoints.
type AhaComment struct {
	// ID is the comment's id.
	ID string `json:"id"`
	// Body is HTML.
	Body string `json:"body"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// User is the author.
	User AhaUserRef `json:"user"`
	// Attachments are the attached files; never nil.
	Attachments []AhaAttachment `json:"attachments"`
	// URL is the comment's web URL.
	URL string `json:"url"`
	// Resource is the comment's API URL.
	Resource string `json:"resource"`
	// Commentable is the record commented on.
	Commentable AhaCommentable `json:"commentable"`
}

// AhaProductRole is a user's role in one product.
type AhaProductRole struct {
	// Role is the numeric role (10 viewer ... 30 owner).
	Role int `json:"role"`
	// RoleDescription is e.g. "Product owner".
	RoleDescription string `json:"role_description"`
	// ProductID is the product's id.
	ProductID string `json:"product_id"`
	// ProductName is the product's name.
	ProductName string `json:"product_name"`
}

// AhaUser is a record of GET /api/v1/users.
type AhaUser struct {
	// ID is the user's id.
	ID string `json:"id"`
	// Name is the user's full name.
	Name string `json:"name"`
	// Email is the user's e-mail address.
	Email string `json:"email"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// AccessedAt is the last access datetime.
	AccessedAt string `json:"accessed_at"`
	// ProductRoles are the per-product roles; never nil.
	ProductRoles []AhaProductRole `json:"product_roles"`
	// Enabled tells whether the user can sign in.
	Enabled bool `json:"enabled"`
	// PaidSeat tells whether the user holds a paid seat.
	PaidSeat bool `json:"paid_seat"`
	// Administrator tells whether the user is an account administrator.
	Administrator bool `json:"administrator"`
	// AdministratorRoles are the administrator permissions; never nil.
	AdministratorRoles map[string]bool `json:"administrator_roles"`
	// IdentityProvider describes the SSO provider; never nil.
	IdentityProvider map[string]string `json:"identity_provider"`
}

// AhaOrganizationRef is the organization of a proxy vote.
type AhaOrganizationRef struct {
	// ID is the organization's id.
	ID string `json:"id"`
	// Name is the organization's name.
	Name string `json:"name"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// URL is the organization's web URL.
	URL string `json:"url"`
	// Resource is the organization's API URL.
	Resource string `json:"resource"`
}

// AhaIdeaEndorsement is a vote on an idea (a proxy vote when
// EndorsedByIdeaOrganization is set), served by /ideas/{id}/endorsements
// and, for plain votes, /ideas/{id}/votes.
type AhaIdeaEndorsement struct {
	// ID is the endorsement's id.
	ID string `json:"id"`
	// IdeaID is the idea's id.
	IdeaID string `json:"idea_id"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// Value is the dollar value of a proxy vote ("2.0"), or nil.
	Value *string `json:"value"`
	// Link is the URL of a proxy vote, or nil.
	Link *string `json:"link"`
	// Weight is the vote's weight.
	Weight int `json:"weight"`
	// EndorsedByPortalUser is the portal user who voted, or nil.
	EndorsedByPortalUser *AhaPortalUser `json:"endorsed_by_portal_user"`
	// EndorsedByIdeaUser is the idea user (contact), or nil.
	EndorsedByIdeaUser *AhaPortalUser `json:"endorsed_by_idea_user"`
	// EndorsedByIdeaOrganization is the organization of a proxy vote, or nil.
	EndorsedByIdeaOrganization *AhaOrganizationRef `json:"endorsed_by_idea_organization"`
	// EndorsedByUser is the Aha! user who recorded a proxy vote, or nil.
	EndorsedByUser *AhaUserRef `json:"endorsed_by_user"`
}

// AhaIdeaComment is a record of /ideas/{id}/idea_comments (ideas-portal
// comments).
type AhaIdeaComment struct {
	// ID is the comment's id.
	ID string `json:"id"`
	// IdeaID is the idea's id.
	IdeaID string `json:"idea_id"`
	// Body is HTML.
	Body string `json:"body"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// Visibility is e.g. "Visible to all ideas portal users".
	Visibility string `json:"visibility"`
	// ParentIdeaCommentID is the comment replied to, or nil.
	ParentIdeaCommentID *string `json:"parent_idea_comment_id"`
	// IdeaCommenterUser is the author.
	IdeaCommenterUser AhaUserRef `json:"idea_commenter_user"`
	// Attachments are the attached files; never nil.
	Attachments []AhaAttachment `json:"attachments"`
}

// AhaIdeaOrganization is a record of GET /api/v1/idea_organizations.
type AhaIdeaOrganization struct {
	// ID is the organization's id.
	ID string `json:"id"`
	// Name is the organization's name.
	Name string `json:"name"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// URL is the organization's web URL.
	URL string `json:"url"`
	// Resource is the organization's API URL.
	Resource string `json:"resource"`
	// EmailDomains are the organization's e-mail domains; never nil.
	EmailDomains []string `json:"email_domains"`
}

// AhaTodo is a record of GET /api/v1/todos (envelope key "tasks").
type AhaTodo struct {
	// ID is the to-do's id.
	ID string `json:"id"`
	// Name is the to-do's name.
	Name string `json:"name"`
	// Body is HTML.
	Body string `json:"body"`
	// Status is "pending" or "completed".
	Status string `json:"status"`
	// DueDate is the due date, or nil.
	DueDate *string `json:"due_date"`
	// Position orders the to-dos.
	Position int `json:"position"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// URL is the to-do's web URL.
	URL string `json:"url"`
	// Resource is the to-do's API URL.
	Resource string `json:"resource"`
	// CreatedByUser is the creator.
	CreatedByUser AhaUserRef `json:"created_by_user"`
	// AssignedUsers are the assignees; never nil.
	AssignedUsers []AhaUserBrief `json:"assigned_users"`
}

// AhaStrategicModel is a record of GET /api/v1/strategic_models.
type AhaStrategicModel struct {
	// ID is the model's id.
	ID string `json:"id"`
	// Name is the model's name.
	Name string `json:"name"`
	// Type is e.g. "lean_canvas" or "swot".
	Type string `json:"type"`
	// ProductID is the product's id.
	ProductID string `json:"product_id"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// URL is the model's web URL.
	URL string `json:"url"`
	// Resource is the model's API URL.
	Resource string `json:"resource"`
}

// AhaCustomFieldDefinition is a record of GET /api/v1/custom_field_definitions.
type AhaCustomFieldDefinition struct {
	// ID is the definition's id.
	ID string `json:"id"`
	// Key is the field's API key.
	Key string `json:"key"`
	// Name is the field's label.
	Name string `json:"name"`
	// Type is the field's type, e.g. "CustomFieldDefinitions::TextField".
	Type string `json:"type"`
	// APIType is the value's type, e.g. "string" or "array".
	APIType string `json:"api_type"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
}

// AhaCustomFieldOption is a record of
// GET /api/v1/custom_field_definitions/{id}/options.
type AhaCustomFieldOption struct {
	// ID is the option's id.
	ID string `json:"id"`
	// Value is the option's text.
	Value string `json:"value"`
	// Position orders the options.
	Position int `json:"position"`
	// Color is a hex color.
	Color string `json:"color"`
	// DefinitionID is the definition's id.
	DefinitionID string `json:"custom_field_definition_id"`
}

// AhaCompetitor is a record of GET /api/v1/products/{id}/competitors.
type AhaCompetitor struct {
	// ID is the competitor's id.
	ID string `json:"id"`
	// Name is the competitor's name.
	Name string `json:"name"`
	// ProductID is the product's id.
	ProductID string `json:"product_id"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// UpdatedAt is the last update datetime.
	UpdatedAt string `json:"updated_at"`
	// URL is the competitor's web URL.
	URL string `json:"url"`
	// Resource is the competitor's API URL.
	Resource string `json:"resource"`
	// Description is the competitor's description.
	Description AhaDescription `json:"description"`
}

// AhaAccountBackup is a record of GET /api/v1/account_backups.
type AhaAccountBackup struct {
	// ID is the backup's id.
	ID string `json:"id"`
	// CreatedAt is the creation datetime.
	CreatedAt string `json:"created_at"`
	// Status is "completed".
	Status string `json:"status"`
	// FileSize is the archive's size in bytes.
	FileSize int64 `json:"file_size"`
	// URL is the download URL.
	URL string `json:"url"`
}

// clone returns a deep copy of d. A JSON round trip copies every nested
// value and keeps empty arrays and objects non-nil, exactly as a client
// decoding the API sees them; Spam, which is not part of the JSON, is
// copied separately.
func (d *AhaDataset) clone() *AhaDataset {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	out := &AhaDataset{}
	if err := json.Unmarshal(b, out); err != nil {
		panic(err)
	}
	for i := range d.Ideas {
		out.Ideas[i].Spam = d.Ideas[i].Spam
	}
	return out
}
