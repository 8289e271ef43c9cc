// hello prints the greeting it reads from $APP_HOME/conf, and stops
// when APP_HOME is not the folder it runs in.
package main

import (
	"fmt"
	"os"
)

func main() {
	home, wd := os.Getenv("APP_HOME"), must(os.Getwd())
	if home != wd {
		fmt.Fprintf(os.Stderr, "APP_HOME is %q, not the working folder %q\n", home, wd)
		os.Exit(1)
	}
	fmt.Print(string(must(os.ReadFile(home + "/conf/greeting.txt"))))
}

func must[T any](v T, err error) T {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return v
}
