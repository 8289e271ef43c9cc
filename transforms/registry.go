// Package transforms holds msrewrite's transforms and toolchain detectors,
// one file each, and the one registry that lists them.
package transforms

import (
	"slices"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// All lists every transform, in the order they run.
var All = []rewrite.Transform{MultiStage}

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
