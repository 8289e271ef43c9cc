package dockerfile

import (
	"fmt"
	"sort"
	"strings"
)

// Edit replaces the source bytes [Off, End) with Text. An insertion has
// Off == End. Edits never overlap; insertions at one offset keep their order.
type Edit struct {
	Off, End int
	Text     string
}

// Insert is an edit that adds text at a byte offset.
func Insert(off int, text string) Edit { return Edit{Off: off, End: off, Text: text} }

// DeleteLines is an edit that removes lines [start, end) whole.
func (d *Document) DeleteLines(start, end int) Edit {
	return Edit{Off: d.Offset(start), End: d.Offset(end)}
}

// Apply splices the edits into the source and returns the new text. The
// source itself is not changed.
func (d *Document) Apply(edits []Edit) ([]byte, error) {
	sorted := make([]Edit, len(edits))
	copy(sorted, edits)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Off < sorted[j].Off })
	var b strings.Builder
	b.Grow(len(d.Src) + 256)
	pos := 0
	for _, e := range sorted {
		if e.Off < pos || e.End < e.Off || e.End > len(d.Src) {
			return nil, fmt.Errorf("internal error: overlapping or out-of-range edit at byte %d", e.Off)
		}
		b.Write(d.Src[pos:e.Off])
		b.WriteString(e.Text)
		pos = e.End
	}
	b.Write(d.Src[pos:])
	return []byte(b.String()), nil
}

// Logical is an instruction's logical line as BuildKit's parser sees it:
// continuation lines joined, escape characters that continue a line removed,
// comment and empty lines inside it dropped, heredoc bodies left out. Each
// byte keeps the source offset it came from, so an edit found in the logical
// text can be made in the source.
type Logical struct {
	Text string
	// segs holds, for each source line that contributes to Text, where
	// its bytes start in Text and in the source; end is the source offset
	// one past the last byte. (A source offset per byte cost 8 bytes per
	// byte of every RUN read.)
	segs []segment
	end  int
}

type segment struct{ text, src int }

// SourceOffset maps a byte offset of the logical text (or its length) to
// the source.
func (l *Logical) SourceOffset(i int) int {
	if i >= len(l.Text) {
		return l.end
	}
	// the last segment starting at or before i holds byte i
	k := sort.Search(len(l.segs), func(k int) bool { return l.segs[k].text > i }) - 1
	return l.segs[k].src + i - l.segs[k].text
}

// Continues tells whether a line (its line ending or not) goes on into the
// next one: whether it ends with the escape character, white space after
// it aside. As BuildKit reads it, a doubled escape at the end is an escaped
// escape, not a continuation.
func (d *Document) Continues(line string) bool {
	_, cont := d.continued(strings.TrimRight(line, "\r\n"))
	return cont
}

// continued is Continues on a line without its ending, and returns the
// line without the escape that continues it.
func (d *Document) continued(body string) (string, bool) {
	trimmed := strings.TrimRight(body, " \t")
	if n := len(trimmed); n > 0 && rune(trimmed[n-1]) == d.Escape && (n == 1 || rune(trimmed[n-2]) != d.Escape) {
		return trimmed[:n-1], true
	}
	return body, false
}

// Logical builds the logical line of an instruction.
func (d *Document) Logical(in *Instruction) *Logical {
	var text strings.Builder
	var segs []segment
	end := d.offsets[in.Start]
	for i := in.Start; i < in.End; i++ {
		line := d.Lines[i]
		base := d.offsets[i]
		body := strings.TrimRight(line, "\r\n")
		lead := 0
		if i == in.Start {
			lead = skipSpace(body)
		} else {
			// BuildKit skips comment lines and empty lines inside a continuation.
			if IsComment(body) || IsBlank(body) {
				continue
			}
		}
		body, cont := d.continued(body[lead:])
		segs = append(segs, segment{text: text.Len(), src: base + lead})
		text.WriteString(body)
		end = base + lead + len(body)
		if !cont {
			break
		}
	}
	return &Logical{Text: text.String(), segs: segs, end: end}
}
