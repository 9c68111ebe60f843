package schema

// Builders keep profile files close to the APIs' own docs. Col makes one
// column; Nested flattens the fields of a nested JSON object; Concat joins
// groups of columns in order.

// Col returns a column read from the JSON key of the same name.
func Col(name string, t Type, doc string) Column {
	return Column{Name: name, Type: t, Doc: doc}
}

// Nested flattens the fields of a nested JSON object: Nested("client", d,
// Col("id", …), Col("name", …)) yields client_id from client.id and
// client_name from client.name, documented as "d: <field doc>".
func Nested(object, doc string, fields ...Column) []Column {
	out := make([]Column, len(fields))
	for i, f := range fields {
		out[i] = Column{Name: object + "_" + f.Name, Type: f.Type, Path: object + "." + f.JSONPath(), Doc: doc + ": " + f.Doc}
	}
	return out
}

// Concat joins groups of columns in order.
func Concat(groups ...[]Column) []Column {
	var out []Column
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}
