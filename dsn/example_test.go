package dsn_test

import (
	"fmt"

	"github.com/saasapi/saasapi/dsn"
)

func ExampleParse() {
	cfg, err := dsn.Parse(`Profile=C:\profiles\Harvest.apip;ProfileSettings='APIKey=my_personal_key;AccountId=12345';Timeout=30;`)
	if err != nil {
		fmt.Println(err)
		return
	}
	key, _ := cfg.ProfileSettings.Get("apikey")
	fmt.Println(cfg.Profile)
	fmt.Println(key, cfg.ProfileSettings.Value("AccountId"))
	fmt.Println(cfg.Timeout, cfg.Verbosity)
	fmt.Println(cfg) // secrets redacted

	_, err = dsn.Parse(`Profile=harvest;AuthSchem=OAuth`)
	fmt.Println(err)
	// Output:
	// C:\profiles\Harvest.apip
	// my_personal_key 12345
	// 30s 1
	// Profile=C:\profiles\Harvest.apip;ProfileSettings='APIKey=REDACTED;AccountId=12345';Timeout=30
	// dsn: unknown property "AuthSchem" (did you mean "AuthScheme"?)
}

func ExampleConfig_FormatDSN() {
	cfg, _ := dsn.Parse(`authscheme=oauth; user = bob ;password='it''s;secret'`)
	fmt.Println(cfg.FormatDSN())
	fmt.Println(cfg.String())
	// Output:
	// AuthScheme=OAUTH;User=bob;Password='it''s;secret'
	// AuthScheme=OAUTH;User=bob;Password=REDACTED
}
