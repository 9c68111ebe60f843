package dsn_test

import (
	"testing"

	"github.com/saasapi/saasapi/dsn"
)

func BenchmarkParse(b *testing.B) {
	for _, tc := range []struct{ name, dsn string }{
		{"harvest-oauth", seeds[4].dsn},
		{"nested-quotes", `Profile=harvest;ProfileSettings="APIKey='a;b''c';AccountId=1";Timeout=30;Verbosity=3`},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := dsn.Parse(tc.dsn); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFormatDSN(b *testing.B) {
	cfg, err := dsn.Parse(seeds[4].dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = cfg.FormatDSN()
	}
}
