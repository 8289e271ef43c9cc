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
)

// Record is one file in --format json: whether it would change, and why.
// The fields are documented in README.md; keep the two in step.
type Record struct {
	File    string `json:"file"`
	Changed bool   `json:"changed"`
	// Toolchain, BuildSteps, Artifacts and Runtime describe the rewrite;
	// they are empty when the file is left alone.
	Toolchain     string           `json:"toolchain,omitempty"`
	BuildSteps    []int            `json:"buildSteps,omitempty"`
	Artifacts     []RecordArtifact `json:"artifacts,omitempty"`
	RuntimeImage  string           `json:"runtimeImage,omitempty"`
	RuntimeReason string           `json:"runtimeReason,omitempty"`
	// Reasons are the decisions taken, or the one reason the file was left
	// alone, each at a line (0: the file as a whole).
	Reasons []RecordReason `json:"reasons"`
	// Error is set when the file could not be read or parsed.
	Error *RecordReason `json:"error,omitempty"`
}

// RecordArtifact is a file or folder the runtime stage copies.
type RecordArtifact struct {
	Path string `json:"path"`
	Dir  bool   `json:"dir,omitempty"`
	Line int    `json:"line"`
	How  string `json:"how"`
}

// RecordReason is a message at a line.
type RecordReason struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

func newRecord(name string, res *rewrite.Result, err error) Record {
	r := Record{File: name, Reasons: []RecordReason{}}
	if err != nil {
		var de *dockerfile.Error
		if errors.As(err, &de) {
			r.Error = &RecordReason{Line: de.Line, Text: de.Msg}
		} else {
			r.Error = &RecordReason{Text: err.Error()}
		}
		return r
	}
	r.Changed = res.Changed
	if res.Skip != nil {
		r.Reasons = append(r.Reasons, RecordReason{Line: res.Skip.Line, Text: "not rewritten: " + res.Skip.Reason})
	}
	for _, n := range res.Notes {
		r.Reasons = append(r.Reasons, RecordReason{Line: n.Line, Text: n.Text})
	}
	if b := res.Build; b != nil && res.Changed {
		r.Toolchain, r.RuntimeImage, r.RuntimeReason = b.Toolchain, b.Runtime, b.Why
		for _, s := range b.Steps {
			r.BuildSteps = append(r.BuildSteps, s.Line())
		}
		for _, a := range b.Artifacts {
			r.Artifacts = append(r.Artifacts, RecordArtifact{Path: a.Path, Dir: a.Dir, Line: a.Line, How: a.How})
		}
	}
	return r
}

func writeJSON(w io.Writer, records []Record) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if records == nil {
		records = []Record{}
	}
	return enc.Encode(records)
}

// The SARIF 2.1.0 subset msrewrite writes: one run, one rule, a result per
// file that would change, and a notification per file that could not be read.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	Name             string       `json:"name"`
	ShortDescription sarifMessage `json:"shortDescription"`
	FullDescription  sarifMessage `json:"fullDescription"`
	Help             sarifMessage `json:"help"`
	DefaultConfig    sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	Physical sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

const ruleID = "msrewrite/multistage"

func location(file string, line int) sarifLocation {
	loc := sarifLocation{Physical: sarifPhysical{Artifact: sarifArtifact{URI: filepath.ToSlash(file)}}}
	if line > 0 {
		loc.Physical.Region = &sarifRegion{StartLine: line}
	}
	return loc
}

func writeSARIF(w io.Writer, records []Record) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "msrewrite", Version: version, InformationURI: "https://github.com/msrewrite/msrewrite",
			Rules: []sarifRule{{
				ID: ruleID, Name: "SingleStageBuild",
				ShortDescription: sarifMessage{Text: "A single-stage build ships its toolchain"},
				FullDescription:  sarifMessage{Text: "The image keeps the compiler and sources it was built with. A builder stage plus a slim runtime stage ships only the program and what it needs."},
				Help:             sarifMessage{Text: "Run msrewrite -d on the file to see the multi-stage rewrite, and msrewrite -w to apply it."},
				DefaultConfig:    sarifConfig{Level: "warning"},
			}},
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true, Notifications: []sarifNotification{}}},
		Results:     []sarifResult{},
	}
	for _, r := range records {
		if r.Error != nil {
			run.Invocations[0].ExecutionSuccessful = false
			run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, sarifNotification{
				Level: "error", Message: sarifMessage{Text: r.Error.Text}, Locations: []sarifLocation{location(r.File, r.Error.Line)},
			})
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
		run.Results = append(run.Results, sarifResult{
			RuleID: ruleID, Level: "warning", Locations: []sarifLocation{location(r.File, line)},
			Message: sarifMessage{Text: fmt.Sprintf("This %s build can be split into a builder stage and a %s runtime stage that copies only %s.",
				r.Toolchain, r.RuntimeImage, strings.Join(paths, ", "))},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}
