package main

import "fyne.io/fyne/v2/app"

func main() { app.New().Run() }
