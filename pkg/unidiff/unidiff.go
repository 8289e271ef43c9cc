// Package unidiff prints the difference of two texts in the unified form
// of `diff -u`, which patch, git apply and code review tools read.
//
// It compares whole lines with go-udiff's lcs package. go-udiff's own
// Unified is not used because its package compiles a regular expression
// when the program starts, which cost msrewrite more than a third of its
// start-up on every save, diff or not.
package unidiff

import (
	"strconv"
	"strings"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// Context is the number of unchanged lines shown around each change, as
// in diff -u.
const Context = 3

// Unified returns the unified diff that turns before into after, with the
// labels fromName and toName on its --- and +++ lines, or "" when the
// texts are equal. Lines keep their endings (so CRLF survives), and a
// last line without one is marked as diff marks it.
func Unified(fromName, toName, before, after string) string {
	if before == after {
		return ""
	}
	a, b := Lines(before), Lines(after)
	diffs := lcs.DiffLines(a, b)
	if len(diffs) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("--- " + fromName + "\n+++ " + toName + "\n")
	for i := 0; i < len(diffs); {
		// A hunk takes the next changes while the unchanged lines between
		// them would fit in the context of both.
		j := i + 1
		for j < len(diffs) && diffs[j].Start-diffs[j-1].End <= 2*Context {
			j++
		}
		writeHunk(&sb, a, b, diffs[i:j])
		i = j
	}
	return sb.String()
}

func writeHunk(sb *strings.Builder, a, b []string, diffs []lcs.Diff) {
	first, last := diffs[0], diffs[len(diffs)-1]
	aStart := max(0, first.Start-Context)
	aEnd := min(len(a), last.End+Context)
	bStart := first.ReplStart - (first.Start - aStart)
	bEnd := last.ReplEnd + (aEnd - last.End)
	sb.WriteString("@@ -" + hunkRange(aStart, aEnd-aStart) + " +" + hunkRange(bStart, bEnd-bStart) + " @@\n")
	pos := aStart
	for _, d := range diffs {
		writeLines(sb, ' ', a[pos:d.Start])
		writeLines(sb, '-', a[d.Start:d.End])
		writeLines(sb, '+', b[d.ReplStart:d.ReplEnd])
		pos = d.End
	}
	writeLines(sb, ' ', a[pos:aEnd])
}

// hunkRange writes a hunk's range as diff -u does: the first line and a
// count, the count left out when it is 1, and an empty range named by the
// line before it.
func hunkRange(start, n int) string {
	switch n {
	case 1:
		return strconv.Itoa(start + 1)
	case 0:
		return strconv.Itoa(start) + ",0"
	}
	return strconv.Itoa(start+1) + "," + strconv.Itoa(n)
}

func writeLines(sb *strings.Builder, mark byte, lines []string) {
	for _, l := range lines {
		sb.WriteByte(mark)
		sb.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// Lines splits s after each newline; a last line without one is kept.
func Lines(s string) []string {
	lines := make([]string, 0, strings.Count(s, "\n")+1)
	for s != "" {
		i := strings.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		lines = append(lines, s[:i])
		s = s[i:]
	}
	return lines
}
