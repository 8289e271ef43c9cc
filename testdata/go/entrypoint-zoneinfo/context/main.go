// Command reporter prints a daily summary at local midnight; the local
// zone is the container's /etc/localtime.
package main

import (
	"fmt"
	"time"
)

func main() {
	for {
		now := time.Now()
		next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.Local)
		time.Sleep(time.Until(next))
		fmt.Println("summary for", now.Format("2006-01-02"))
	}
}
