package aircall

import "github.com/saasapi/saasapi/schema"

func callSummaries() *schema.Table {
	return callInsight("call_summaries", "summary", "summary", "summary")
}
