package main

import (
	"log"
	"os"
	"time"
)

func main() {
	loc, err := time.LoadLocation(os.Getenv("OFFICE_TZ"))
	if err != nil {
		log.Fatal(err)
	}
	log.Println("reminders run at 09:00", loc)
}
