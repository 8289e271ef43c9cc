package main

import "os/exec"

func main() {
	_ = exec.Command("sh", "-c", "pg_dump --no-owner app | gzip > /tmp/app.sql.gz").Run()
	if _, err := exec.LookPath("ffprobe"); err == nil {
		_ = exec.Command("ffprobe", "-version").Run()
	}
}
