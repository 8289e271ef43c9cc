// Package transforms holds msrewrite's transforms and toolchain detectors,
// one file each, and the one registry that lists them.
package transforms

import (
	"slices"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// All lists the transforms that run by default, in the order they run.
var All = []rewrite.Transform{MultiStage}

// Optional lists the transforms a user enables (--with NAME, or
// transforms = [...] in .msrewrite.toml): layer advice beyond the split.
var Optional = []rewrite.Transform{DepsFirst, CacheMounts, NonRoot}

// order is every transform in the order they run: the builder's layers
// are arranged before the split, and the runtime stage's user after it.
var order = []rewrite.Transform{DepsFirst, CacheMounts, MultiStage, NonRoot}

// Chain is the transforms named, in the order they run; unknown is a name
// that is no transform's ("" when all are).
func Chain(names []string) (chain []rewrite.Transform, unknown string) {
	for _, n := range names {
		if !slices.ContainsFunc(order, func(t rewrite.Transform) bool { return t.Name == n }) {
			return nil, n
		}
	}
	for _, t := range order {
		if slices.Contains(names, t.Name) {
			chain = append(chain, t)
		}
	}
	return chain, ""
}

// Toolchains lists the toolchain detectors, by name. Each file of a
// toolchain registers it, with the images it builds in, from an init
// function: adding a toolchain is adding its file (and its testdata). No
// order among them decides anything: the engine leaves alone a stage that
// two of them recognise.
var Toolchains []rewrite.Toolchain

// register adds a toolchain and what msrewrite knows of its images.
func register(tc rewrite.Toolchain, images ...rewrite.ImageFamily) {
	Toolchains = append(Toolchains, tc)
	slices.SortFunc(Toolchains, func(a, b rewrite.Toolchain) int { return strings.Compare(a.Name, b.Name) })
	rewrite.RegisterImages(images...)
}
