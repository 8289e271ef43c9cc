package web

import (
	"fmt"
	"mime"
	"net"
	"path/filepath"
)

// Serve answers each connection with the type of the file name it sends.
func Serve(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		var name string
		fmt.Fscanln(c, &name)
		fmt.Fprintln(c, mime.TypeByExtension(filepath.Ext(name)))
		c.Close()
	}
}
