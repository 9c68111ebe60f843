package sandbox

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSplitCompactAgreesWithDecoder: the fast splitter of encoded Aha!
// records gives the keys and values a JSON decoder gives, for every record
// of a data set and for values that try the scanner (escapes, brackets in
// strings, nesting, empty containers).
func TestSplitCompactAgreesWithDecoder(t *testing.T) {
	inputs := [][]byte{
		[]byte(`{}`),
		[]byte(`{"a":1}`),
		[]byte(`{"a":"x\"}],{[","b":[{"c":"\\"},[],{}],"d":null,"e":true,"f":-1.5e3,"g":{"h":{"i":["]"]}},"\u00e9":"\\\\"}`),
	}
	ds := generateAha(Options{Provider: ProviderAha, Rows: 600, Seed: 1})
	for _, f := range ds.Features {
		b, err := marshal(f)
		require.NoError(t, err)
		inputs = append(inputs, b)
	}
	for _, c := range ds.Ideas {
		b, err := marshal(c)
		require.NoError(t, err)
		inputs = append(inputs, b)
	}
	for _, in := range inputs {
		wantKeys, wantVals, err := splitObject(in)
		require.NoError(t, err, "%s", in)
		keys, vals, err := splitCompact(in, true, 0)
		require.NoError(t, err, "%s", in)
		assert.Equal(t, wantKeys, keys, "%s", in)
		require.Len(t, vals, len(wantVals))
		for k := range vals {
			assert.Equal(t, string(wantVals[k]), string(vals[k]), "%s", in)
		}
		_, vals, err = splitCompact(in, false, 3)
		require.NoError(t, err)
		assert.Len(t, vals, len(wantVals))
	}
	for _, bad := range []string{``, `{`, `[]`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":"x}`, `{"a":[1}`, `{"a":1}}`, `{a:1}`, `{"a":1 }`} {
		_, _, err := splitCompact([]byte(bad), true, 0)
		assert.Error(t, err, bad)
	}
}

// FuzzSplitCompact: no input panics, and on every compact JSON object the
// splitter agrees with the decoder.
func FuzzSplitCompact(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `{"a":"x\"}","b":[{"c":"\\"}]}`, `{"a":{"b":[]}}`, `{"a":nul`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		keys, vals, err := splitCompact(in, true, 0)
		var compact bytes.Buffer
		if !json.Valid(in) || json.Compact(&compact, in) != nil || !bytes.Equal(compact.Bytes(), in) || in[0] != '{' {
			return
		}
		wantKeys, wantVals, werr := splitObject(in)
		if werr != nil {
			return
		}
		require.NoError(t, err, "%s", in)
		require.Equal(t, wantKeys, keys)
		require.Len(t, vals, len(wantVals))
		for k := range vals {
			require.Equal(t, string(wantVals[k]), string(vals[k]))
		}
	})
}
