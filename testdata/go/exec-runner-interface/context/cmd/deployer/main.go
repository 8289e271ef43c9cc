// Command deployer checks out the ref given on its command line.
package main

import (
	"log"
	"os"

	"example.com/deployer/internal/deploy"
	"example.com/deployer/internal/sysexec"
)

func main() {
	d := &deploy.Deployer{Dir: "/srv/site", Runner: sysexec.Real{}}
	if err := d.Update(os.Args[1]); err != nil {
		log.Fatal(err)
	}
}
