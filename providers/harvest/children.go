package harvest

import "github.com/saasapi/saasapi/schema"

// Shorthands for resources reached through a parent record's path.

// childList is the list path of a resource that exists only under a parent
// record (/invoices/{invoice_id}/messages): the key fills the placeholder,
// the client fills the key column of records that lack it, and without the
// key in WHERE the planner reads the parent (parent is "invoices.id") and
// asks once per parent row.
func childList(name, path, key, parent, records string, filters ...schema.Filter) schema.AccessPath {
	return schema.AccessPath{
		Name: name, Path: path, Keys: []string{key}, Records: records, Filters: filters,
		Parents: map[string]string{key: parent},
	}
}

// scopedList is a parent-scoped list of a resource that also has an
// account-wide list (/projects/{project_id}/task_assignments): used when
// WHERE binds the parent column.
func scopedList(name, path, key, records string, filters ...schema.Filter) schema.AccessPath {
	return schema.AccessPath{Name: name, Path: path, Keys: []string{key}, Records: records, Filters: filters}
}

// scopedByID is a get-by-id path below a parent (/projects/{project_id}/
// task_assignments/{id}): it needs both the parent column and id bound.
func scopedByID(path, key string) schema.AccessPath {
	return schema.AccessPath{Name: "by_id", Path: path, Keys: []string{key, "id"}, NotFoundIsEmpty: true}
}

// pathKey is a column whose value comes from the request path: the
// records do not carry it.
func pathKey(name, doc string) schema.Column {
	return schema.Column{Name: name, Type: schema.TypeInteger, Doc: doc + " (from the request path; the records do not carry it)."}
}

// userAssignment are the fields of a nested user_assignment object, as on
// time_entries and expenses.
func userAssignment() []schema.Column {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		b = schema.TypeBoolean
		t = schema.TypeTimestamp
	)
	return nested("user_assignment", "User assignment of the record",
		col("id", i, "ID"), col("is_project_manager", b, "whether the user manages the project"),
		col("is_active", b, "whether the assignment is active"), col("use_default_rates", b, "whether default rates apply"),
		col("budget", r, "budget"), col("created_at", t, "created"), col("updated_at", t, "updated"),
		col("hourly_rate", r, "hourly rate"))
}
