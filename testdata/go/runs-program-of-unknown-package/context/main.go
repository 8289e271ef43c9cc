package main

import (
	"fmt"
	"os/exec"
)

func main() {
	out, err := exec.Command("soffice", "--headless", "--convert-to", "pdf", "in.docx").CombinedOutput()
	fmt.Println(string(out), err)
}
