// Command gencorpus writes benchmark inputs:
//
//	gencorpus -n 10000 DIR      a corpus of n varied Dockerfiles under DIR
//	gencorpus -lines 1000 FILE  one rewritable Dockerfile of about that many lines
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/msrewrite/msrewrite/internal/gen"
)

func main() {
	n := flag.Int("n", 10000, "number of files in the corpus")
	lines := flag.Int("lines", 0, "write one file of this many lines instead of a corpus")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus [-n N | -lines L] [-seed S] PATH")
		os.Exit(2)
	}
	var err error
	if *lines > 0 {
		err = os.WriteFile(flag.Arg(0), gen.Large(*lines), 0o644)
	} else {
		err = gen.Corpus(flag.Arg(0), *n, *seed)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
