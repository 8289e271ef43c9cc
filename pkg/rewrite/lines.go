package rewrite

import (
	"bytes"
	"slices"
	"sort"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
)

// applied is a pass that changed the document: its input and its edits.
// A later transform reads the pass's output, so the lines its notes and
// reasons name are the output's; the user reads the file they wrote, and
// editors and code scanning mark its lines.
type applied struct {
	in    []byte
	edits []dockerfile.Edit // as the pass made them
}

// back maps a line of the pass's output to the line of its input it came
// from: a line the pass left alone to itself; a line it moved (removed
// in one place and wrote again, word for word, elsewhere: the split moves
// CMD, EXPOSE, USER...) to where it was; a line it wrote anew to the line
// it wrote it at. 0 (the whole file) stays 0.
func (a applied) back(line int) int {
	if line <= 0 {
		return line
	}
	// Sorted as Apply sorts them; only here, as the default run maps no
	// line back.
	edits := slices.Clone(a.edits)
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Off < edits[j].Off })
	a.edits = edits
	out := a.out()
	start := lineStart(out, line)
	if start < 0 {
		return lineOf(a.in, len(a.in))
	}
	pos, npos := 0, 0 // where the next unchanged run starts, in and out
	for _, e := range a.edits {
		kept := e.Off - pos
		if start < npos+kept {
			return lineOf(a.in, pos+start-npos)
		}
		npos += kept
		if start < npos+len(e.Text) {
			text := lineAt(out, start)
			for _, other := range a.edits {
				if at := lineIn(a.in, other.Off, other.End, text); at >= 0 {
					return lineOf(a.in, at)
				}
			}
			return lineOf(a.in, e.Off)
		}
		npos += len(e.Text)
		pos = e.End
	}
	return lineOf(a.in, pos+start-npos)
}

// out is the pass's output, written again as Apply wrote it from the
// edits sorted: kept only for the rare note that needs it.
func (a applied) out() []byte {
	var b bytes.Buffer
	pos := 0
	for _, e := range a.edits {
		b.Write(a.in[pos:e.Off])
		b.WriteString(e.Text)
		pos = e.End
	}
	b.Write(a.in[pos:])
	return b.Bytes()
}

// original maps a line of the document the passes in done made to the
// line of the file it came from.
func original(done []applied, line int) int {
	for i := len(done) - 1; i >= 0; i-- {
		line = done[i].back(line)
	}
	return line
}

// lineStart is the offset where a 1-based line starts in src, -1 past
// its end.
func lineStart(src []byte, line int) int {
	off := 0
	for n := 1; n < line; n++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	if off >= len(src) && line > 1 {
		return -1
	}
	return off
}

// lineAt is the line of src that starts at off, without its line ending.
func lineAt(src []byte, off int) []byte {
	line := src[off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return bytes.TrimSuffix(line, []byte("\r"))
}

// lineIn is the offset of a whole line of src[off:end] equal to text, -1
// for none.
func lineIn(src []byte, off, end int, text []byte) int {
	if len(bytes.TrimSpace(text)) == 0 {
		return -1 // a blank line was not moved from anywhere in particular
	}
	for off < end {
		if (off == 0 || src[off-1] == '\n') && bytes.Equal(lineAt(src, off), text) {
			return off
		}
		i := bytes.IndexByte(src[off:end], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return -1
}

// lineOf is the 1-based line of src that holds the byte at off.
func lineOf(src []byte, off int) int {
	if off >= len(src) {
		off = max(len(src)-1, 0) // the end of the file is on its last line
	}
	return bytes.Count(src[:off], []byte("\n")) + 1
}
