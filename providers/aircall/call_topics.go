package aircall

import "github.com/saasapi/saasapi/schema"

func callTopics() *schema.Table {
	return callInsight("call_topics", "topics", "topic", "topics")
}
