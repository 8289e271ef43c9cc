package main

import (
	"log"
	"os"
	"time"
	_ "time/tzdata" // the zone database, compiled in
)

func main() {
	loc, err := time.LoadLocation(os.Getenv("OFFICE_TZ"))
	if err != nil {
		log.Fatal(err)
	}
	log.Println("reminders run at 09:00", loc)
}
