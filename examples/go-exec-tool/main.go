// Command tally counts words with a bash script (arrays and [[ ]] are
// bash's, not POSIX sh's). The golang image has bash; alpine has not, and
// an exec error would only be printed: the rewrite must keep bash.
package main

import (
	"fmt"
	"os"
	"os/exec"
)

const script = `words=(alpha beta gamma beta alpha beta)
declare -A n
for w in "${words[@]}"; do n[$w]=$(( ${n[$w]:-0} + 1 )); done
for w in alpha beta gamma; do [[ -n ${n[$w]} ]] && echo "$w ${n[$w]}"; done`

func main() {
	out, err := exec.Command("bash", "-c", script).Output()
	if err != nil {
		fmt.Println("cannot count:", err)
		os.Exit(0) // the kind of program that carries on without its tool
	}
	fmt.Print(string(out))
}
