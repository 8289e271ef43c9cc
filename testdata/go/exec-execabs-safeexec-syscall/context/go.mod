module example.com/gitshell

go 1.22

require (
	github.com/cli/safeexec v1.0.1
	golang.org/x/sys v0.20.0
)
