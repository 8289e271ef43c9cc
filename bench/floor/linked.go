//go:build linked

package main

// Built with -tags linked, the floor also links every package msrewrite
// links and runs their initialisation, and nothing more: scripts/bench
// measures it to tell what msrewrite's start-up costs from what its work
// costs.
import (
	_ "encoding/json"

	_ "github.com/aymanbagabas/go-udiff"
	_ "github.com/moby/patternmatcher"
	_ "github.com/msrewrite/msrewrite/internal/lsp"
	_ "github.com/msrewrite/msrewrite/internal/verify"
	_ "github.com/msrewrite/msrewrite/pkg/buildctx"
	_ "github.com/msrewrite/msrewrite/transforms"
	_ "github.com/owenrumney/go-sarif/v2/sarif"
	_ "github.com/pelletier/go-toml/v2"
	_ "github.com/xrash/smetrics"
)
