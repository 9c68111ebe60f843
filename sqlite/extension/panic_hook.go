//go:build saasapi_panictest

package main

import "os"

// In a build with the tag saasapi_panictest (the tests build one), the
// callback named by SAASAPI_TEST_PANIC panics, to prove that no panic
// unwinds through SQLite: the statement fails with saasapi's internal
// error instead. The panic's value quotes SAASAPI_TEST_SECRET, which must
// come out redacted.
func init() {
	testPanic = func(callback string) {
		if callback == os.Getenv("SAASAPI_TEST_PANIC") {
			panic("injected panic in " + callback + " holding " + os.Getenv("SAASAPI_TEST_SECRET"))
		}
	}
}
