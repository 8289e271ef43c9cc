package controllers

import "github.com/revel/revel"

// App serves the booking pages.
type App struct{ *revel.Controller }
