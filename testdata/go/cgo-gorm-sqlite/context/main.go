package main

import (
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

func main() { gorm.Open(sqlite.Open("todo.db"), &gorm.Config{}) }
