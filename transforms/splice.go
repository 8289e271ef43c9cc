package transforms

import (
	"sort"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// tidyBlankLines drops the blank line a moved instruction leaves doubled,
// and the blank lines that would end the builder stage.
func (pl *plan) tidyBlankLines() {
	doc := pl.stage.Doc
	for _, in := range pl.stage.Body {
		if !runtimeOnly[in.Name()] {
			continue
		}
		if in.End < len(doc.Lines) && dockerfile.IsBlank(doc.Lines[in.End]) && in.CommentStart > 0 && dockerfile.IsBlank(doc.Lines[in.CommentStart-1]) && !pl.deleted[in.End] {
			pl.deleted[in.End] = true
		}
	}
	for l := len(doc.Lines) - 1; l >= 0; l-- {
		if pl.deleted[l] {
			continue
		}
		if !dockerfile.IsBlank(doc.Lines[l]) {
			break
		}
		pl.deleted[l] = true
	}
}

// appendStage deletes what left the builder and adds the runtime stage at
// the end, keeping the file's line ending and its final-newline choice.
func (pl *plan) appendStage(stage string) error {
	doc := pl.stage.Doc
	var lines []int
	for l := range pl.deleted {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	lastKept := -1
	for l := len(doc.Lines) - 1; l >= 0; l-- {
		if !pl.deleted[l] {
			lastKept = l
			break
		}
	}
	// A last instruction that ends with an escape character continues past
	// blank and comment lines into whatever comes next: the runtime stage's
	// FROM would become part of it.
	for l := lastKept; l >= 0; l-- {
		line := doc.Lines[l]
		if pl.deleted[l] || dockerfile.IsBlank(line) || dockerfile.IsComment(line) {
			continue
		}
		if doc.Continues(line) {
			return rewrite.Skipf(l+1, "the file ends inside a continued line (a trailing %c): new lines after it would join it", doc.Escape)
		}
		break
	}
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		pl.edits = append(pl.edits, doc.DeleteLines(lines[i], lines[j]+1))
		i = j + 1
	}
	text := doc.Newline + stage
	for i := len(pl.build.Tail) - 1; i >= 0; i-- {
		text = pl.build.Tail[i] + doc.Newline + text
	}
	if len(pl.build.Tail) > 0 && nonRootUser(pl.stage.Final.User) != "" {
		// The added build writes where root may (/usr/local/bin); the
		// runtime stage sets the file's USER again.
		text = doc.Keyword("USER") + " root" + doc.Newline + text
	}
	if lastKept >= 0 && !strings.HasSuffix(doc.Lines[lastKept], "\n") {
		text = doc.Newline + text
	}
	if !doc.FinalNewline {
		text = strings.TrimSuffix(text, doc.Newline)
	}
	pl.edits = append(pl.edits, dockerfile.Insert(len(doc.Src), text))
	return nil
}
