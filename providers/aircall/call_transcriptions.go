package aircall

import "github.com/saasapi/saasapi/schema"

func callTranscriptions() *schema.Table {
	return callInsight("call_transcriptions", "transcription", "transcription", "transcription")
}
