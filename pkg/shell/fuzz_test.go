package shell

import (
	"testing"
)

// FuzzCalls: no panic on any script, and every offset it reports lies
// inside the script.
func FuzzCalls(f *testing.F) {
	for _, s := range []string{
		"go build -o app .", "cd a && (cd b; go build) || exit 1", "CGO_ENABLED=0 env GOOS=linux go install ./...",
		"if [ -f x ]; then sh -c 'cd /x && make'; fi", "for d in *; do go build ./$d; done", "export A=$(cat f) B; cd \"$A\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		calls, err := Calls(script, State{Dir: "/src", Env: MapLookup(map[string]string{"HOME": "/root"})})
		if err != nil {
			return
		}
		for _, c := range calls {
			if c.Offset < -1 || c.Offset >= len(script) {
				t.Fatalf("offset %d outside the script", c.Offset)
			}
			if len(c.Args) != len(c.Known) {
				t.Fatal("Args and Known differ in length")
			}
		}
	})
}
