package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/owenrumney/go-sarif/v2/sarif"
)

// record is one file in --format json: whether it would change, and why.
// The fields are documented in README.md; keep the two in step.
type record struct {
	File    string `json:"file"`
	Changed bool   `json:"changed"`
	// Toolchain, BuildSteps, Artifacts and Runtime describe the rewrite;
	// they are empty when the file is left alone.
	Toolchain     string           `json:"toolchain,omitempty"`
	BuildSteps    []int            `json:"buildSteps,omitempty"`
	Artifacts     []recordArtifact `json:"artifacts,omitempty"`
	RuntimeImage  string           `json:"runtimeImage,omitempty"`
	RuntimeReason string           `json:"runtimeReason,omitempty"`
	// Reasons are the decisions taken, or the one reason the file was left
	// alone, each at a line (0: the file as a whole).
	Reasons []recordReason `json:"reasons"`
	// Error is set when the file could not be read or parsed.
	Error *recordReason `json:"error,omitempty"`
}

// recordArtifact is a file or folder the runtime stage copies.
type recordArtifact struct {
	Path string `json:"path"`
	Dir  bool   `json:"dir,omitempty"`
	Line int    `json:"line"`
	How  string `json:"how"`
}

// recordReason is a message at a line.
type recordReason struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

func newRecord(name string, res *rewrite.Result, err error) record {
	r := record{File: name, Reasons: []recordReason{}}
	if err != nil {
		var de *dockerfile.Error
		if errors.As(err, &de) {
			r.Error = &recordReason{Line: de.Line, Text: de.Msg}
		} else {
			r.Error = &recordReason{Text: err.Error()}
		}
		return r
	}
	r.Changed = res.Changed
	if res.Skip != nil {
		r.Reasons = append(r.Reasons, recordReason{Line: res.Skip.Line, Text: res.SkipText()})
	}
	for _, n := range res.Notes {
		r.Reasons = append(r.Reasons, recordReason{Line: n.Line, Text: n.Text})
	}
	if b := res.Build; b != nil && res.Changed {
		r.Toolchain, r.RuntimeImage, r.RuntimeReason = b.Toolchain, b.Runtime, b.Why
		for _, s := range b.Steps {
			r.BuildSteps = append(r.BuildSteps, s.Line())
		}
		for _, a := range b.Artifacts {
			r.Artifacts = append(r.Artifacts, recordArtifact{Path: a.Path, Dir: a.Dir, Line: a.Line, How: a.How})
		}
	}
	return r
}

func writeJSON(w io.Writer, records []record) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if records == nil {
		records = []record{}
	}
	return enc.Encode(records)
}

// ruleID names msrewrite's one SARIF rule.
const ruleID = "msrewrite/multistage"

// location is a file, and a line in it when line > 0.
func location(file string, line int) *sarif.Location {
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(filepath.ToSlash(file)))
	if line > 0 {
		phys.WithRegion(sarif.NewRegion().WithStartLine(line))
	}
	return sarif.NewLocationWithPhysicalLocation(phys)
}

// writeSARIF writes a SARIF 2.1.0 log with go-sarif's types: one run, one
// rule, a result per file that would change, and a notification per file
// that could not be read. (go-sarif v2: v3's package validates with
// gojsonschema, which links net/http and crypto/tls into every run; see
// bench/RESULTS.md.)
func writeSARIF(w io.Writer, records []record) error {
	run := sarif.NewRunWithInformationURI("msrewrite", "https://github.com/msrewrite/msrewrite")
	run.Tool.Driver.WithVersion(version)
	run.AddRule(ruleID).
		WithName("SingleStageBuild").
		WithShortDescription(sarif.NewMultiformatMessageString("A single-stage build ships its toolchain")).
		WithFullDescription(sarif.NewMultiformatMessageString("The image keeps the compiler and sources it was built with. A builder stage plus a slim runtime stage ships only the program and what it needs.")).
		WithHelp(sarif.NewMultiformatMessageString("Run msrewrite -d on the file to see the multi-stage rewrite, and msrewrite -w to apply it.")).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("warning"))
	inv := run.AddInvocation(true)
	inv.WithToolExecutionNotifications([]*sarif.Notification{})
	for _, r := range records {
		if r.Error != nil {
			inv.WithExecutionSuccess(false)
			inv.AddTToolExecutionNotification(sarif.NewNotification().WithLevel("error").
				WithMessage(sarif.NewTextMessage(r.Error.Text)).WithLocations([]*sarif.Location{location(r.File, r.Error.Line)}))
			continue
		}
		if !r.Changed {
			continue
		}
		line := 0
		if len(r.BuildSteps) > 0 {
			line = r.BuildSteps[0]
		}
		var paths []string
		for _, a := range r.Artifacts {
			paths = append(paths, a.Path)
		}
		run.CreateResultForRule(ruleID).WithRuleIndex(0).WithLevel("warning").WithLocations([]*sarif.Location{location(r.File, line)}).
			WithMessage(sarif.NewTextMessage(fmt.Sprintf("This %s build can be split into a builder stage and a runtime stage on %s that copies only %s.",
				r.Toolchain, r.RuntimeImage, strings.Join(paths, ", "))))
	}
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	rep.AddRun(run)
	return rep.PrettyWrite(w)
}
