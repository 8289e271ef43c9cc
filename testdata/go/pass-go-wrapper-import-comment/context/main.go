package main // import "github.com/example/greeter"

import "fmt"

func main() {
	fmt.Println("greetings")
}
