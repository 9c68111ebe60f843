package providers

import (
	"os"
	"testing"
)

// FuzzProfile: no input makes the profile loader panic, and what it
// accepts validates.
func FuzzProfile(f *testing.F) {
	data, err := os.ReadFile("../examples/jsonplaceholder.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"name":"x","tables":[{"name":"t","paths":[{"path":"/{id}","keys":["id"],"parents":{"id":"t.id"}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := parseProfile("p.yaml", body)
		if err == nil {
			if err := p.Validate(); err != nil {
				t.Fatalf("accepted an invalid profile: %v", err)
			}
		}
	})
}
