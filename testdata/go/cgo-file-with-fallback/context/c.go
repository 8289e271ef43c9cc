//go:build cgo

package main

import "C"

const withC = true
