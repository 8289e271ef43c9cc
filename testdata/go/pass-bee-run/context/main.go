package main

import (
	"github.com/beego/beego/v2/server/web"

	_ "blog/controllers"
)

func main() { web.Run() }
