module example.com/todo

go 1.23

require (
	gorm.io/driver/sqlite v1.5.6
	gorm.io/gorm v1.25.12
)
