// Package transforms holds msrewrite's transforms and toolchain detectors,
// one file each, and the one registry that lists them.
package transforms

import "github.com/msrewrite/msrewrite/pkg/rewrite"

// All lists every transform, in the order they run.
var All = []rewrite.Transform{MultiStage}

// Toolchains lists the detectors the multi-stage transform asks, in order;
// the first that recognises a build step decides it.
var Toolchains = []rewrite.Toolchain{Go, Rust, C, Python, Node, Java, Dotnet}
