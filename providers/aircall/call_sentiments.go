package aircall

import "github.com/saasapi/saasapi/schema"

func callSentiments() *schema.Table {
	return callInsight("call_sentiments", "sentiments", "sentiment", "sentiments")
}
