package transforms

import "github.com/msrewrite/msrewrite/pkg/rewrite"

// Classify is classify, for the external tests.
func Classify(tc *rewrite.Toolchain, compiled map[string]string, p string) (runTime bool, why string) {
	class, why := classify(tc, compiled, p)
	return class == runTimeClass, why
}

const runTimeClass = runTime
