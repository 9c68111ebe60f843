package saasapi_test

import (
	"database/sql"
	"fmt"
	"log"

	_ "github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sandbox"
)

// Query the sandbox like the real Harvest API: the connection string is the
// one a real account would use, with BaseURL pointing at the sandbox.
func Example() {
	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	db, err := sql.Open("saasapi", srv.DSN())
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	rows, err := db.Query("SELECT name FROM tasks WHERE is_active ORDER BY name LIMIT 3")
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			log.Fatal(err)
		}
		fmt.Println(name)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("requests:", srv.Requests())
	// Output:
	// Business Development
	// Design
	// Marketing
	// requests: 1
}
