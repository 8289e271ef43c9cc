package main

import (
	"database/sql"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api"
	_ "github.com/mattn/go-sqlite3"
)

func main() {
	db, _ := sql.Open("sqlite3", "notes.db")
	_ = db
	_, _ = tgbotapi.NewBotAPI("")
}
