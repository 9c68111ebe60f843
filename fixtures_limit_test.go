package saasapi_test

import (
	"testing"

	"github.com/saasapi/saasapi/fixtures"
	"github.com/saasapi/saasapi/rest"
	"github.com/stretchr/testify/assert"
)

// TestRecorderLimitIsTheDecoders: fixtures may not import rest, so its
// default limit on a recorded body is a constant of its own; it must stay
// the decoder's (the connector passes rest's to the recorder anyway).
func TestRecorderLimitIsTheDecoders(t *testing.T) {
	assert.EqualValues(t, rest.DefaultMaxBody, fixtures.DefaultMaxBody)
}
