// Command standup prints when the team's daily standup happens in each
// office's time zone: it loads the zones by name, from the system's
// database.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	standup := time.Date(2026, time.March, 30, 8, 30, 0, 0, time.UTC)
	for _, office := range []string{"Europe/Berlin", "America/New_York", "Asia/Kolkata"} {
		loc, err := time.LoadLocation(office)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %s\n", office, standup.In(loc).Format("15:04 MST"))
	}
}
