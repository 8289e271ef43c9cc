// Command fetcher downloads the modules a plan names (git::, s3::, https).
package main

import (
	"context"
	"os"

	getter "github.com/hashicorp/go-getter"
)

func main() {
	client := &getter.Client{Ctx: context.Background(), Src: os.Args[1], Dst: os.Args[2], Mode: getter.ClientModeDir}
	if err := client.Get(); err != nil {
		panic(err)
	}
}
