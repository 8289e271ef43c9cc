module example.com/agent

go 1.21

require fyne.io/fyne/v2 v2.4.0
