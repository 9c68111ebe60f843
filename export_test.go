package saasapi

import "github.com/saasapi/saasapi/planner"

// WithoutPushdown plans every query with planner.Options.NoPushdown:
// tables are read whole and every condition, LIMIT and COUNT is evaluated
// by the engine. Tests compare its rows with those of pushed-down plans.
func WithoutPushdown() Option {
	return func(o *options) { o.plan = planner.Options{NoPushdown: true} }
}
