"""Snippets: the fragments of a story that show why it matched, with phrase-aware highlights.

Whoosh's stock highlighter marks every occurrence of every query word, so for "ground operation"
it lights up a lone "ground" elsewhere. Here the query says what may be marked: single terms
wherever they occur, but the words of a phrase only inside an occurrence of that phrase. Matching
uses the same analysis as the index, so "operations" is marked for "operation".
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..query import plan as qp
from ..results import Snippet
from ..text import analysis
from ..text.phrase import chain_positions, phrase_starts
from .options import FRAGMENT_CHARS


@dataclass
class MatchSpec:
    """What may be highlighted in one field: loose terms, and phrases (with their slop)."""

    terms: set[str] = field(default_factory=set)
    phrases: list[tuple[tuple[str, ...], int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)


def match_spec(plan: qp.Plan, fieldname: str) -> MatchSpec:
    """Collect, from a query plan, what counts as a match in `fieldname` (excluded parts left out).
    Only terms and phrases are highlighted: patterns and fuzzy terms stand for terms of unstemmed
    fields (source, author, ...), which snippets do not show."""
    spec = MatchSpec()

    def walk(node: qp.Plan) -> None:
        if isinstance(node, qp.Term):
            if node.field == fieldname:
                spec.terms.add(node.text)
        elif isinstance(node, qp.Phrase):
            if node.field == fieldname:
                spec.phrases.append((tuple(node.words), node.slop))
        elif isinstance(node, (qp.AllOf, qp.AnyOf)):
            for item in node.items:
                walk(item)

    walk(plan)
    return spec


def find_matches(text: str, spec: MatchSpec) -> list[tuple[int, int]]:
    """Character spans to highlight: each loose term, each whole phrase occurrence."""
    if not spec or not text:
        return []
    # Every word's term (a C-level map over the words), then character spans only where a term
    # of the query is: building a (term, start, end) tuple per word was most of a snippet's cost.
    terms = list(map(analysis.stem_term, analysis.words(text)))
    wanted = set(spec.terms).union(*(words for words, _ in spec.phrases))
    hits = [i for i, t in enumerate(terms) if t in wanted]
    if not hits:
        return []
    spans_of = analysis.word_spans(text, hits[-1] + 1)
    spans: list[tuple[int, int]] = []
    if spec.terms:
        spans.extend(spans_of[i] for i in hits if terms[i] in spec.terms)
    for words, slop in spec.phrases:
        where: dict[str, list[int]] = {w: [] for w in words}
        for i in hits:
            if terms[i] in where:
                where[terms[i]].append(i)
        positions = [where[w] for w in words]
        if slop == 0:  # one span per occurrence: "ground operation", not two words
            spans.extend((spans_of[i][0], spans_of[i + len(words) - 1][1]) for i in phrase_starts(positions))
        else:
            spans.extend(spans_of[i] for i in chain_positions(positions, slop))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _word_start(text: str, pos: int) -> int:
    """Move `pos` forward to the start of a word (or to 0)."""
    if pos <= 0:
        return 0
    if text[pos - 1].isspace():
        return pos
    nxt = text.find(" ", pos)
    return len(text) if nxt < 0 else nxt + 1


def _word_end(text: str, pos: int) -> int:
    """Move `pos` back to the end of a word (or to len(text))."""
    if pos >= len(text):
        return len(text)
    if text[pos].isspace():
        return pos
    prev = text.rfind(" ", 0, pos)
    return pos if prev < 0 else prev


def _window(text: str, spans: list[tuple[int, int]], anchor: int, size: int) -> tuple[int, int]:
    s0, e0 = spans[anchor]
    # Start a little before the match so the reader sees what leads up to it.
    start = max(0, s0 - size // 4)
    end = min(len(text), start + size)
    if end - start < size:
        start = max(0, end - size)
    # Never cut the anchor match; land on word boundaries.
    start = min(_word_start(text, start), s0)
    end = max(_word_end(text, end), e0)
    # Paragraph breaks end a fragment; a fragment should not straddle two paragraphs.
    para = text.rfind("\n", start, s0)
    if para >= 0:
        start = para + 1
    para = text.find("\n", e0, end)
    if para >= 0:
        end = para
    return start, end


def make_snippets(text: str, spans: list[tuple[int, int]], count: int = 2,
                  size: int = FRAGMENT_CHARS, weights: dict[str, float] | None = None) -> list[Snippet]:
    """Up to `count` non-overlapping fragments of about `size` characters, best first by how many
    distinct matches they show (with `weights`, {term: weight} such as each term's idf: by the
    weight of the distinct terms they show, so the rarer words come first), then returned in text
    order. Without matches: the lead."""
    if not text or count <= 0:
        return []
    if not spans:
        end = _word_end(text, size) if len(text) > size else len(text)
        para = text.find("\n", 0, end)
        end = para if para > 0 else end
        return [Snippet(text[:end].strip())]
    # Each window is scored on the matches inside it, found by bisection in the sorted spans (a
    # scan of every span per window was quadratic: seconds for an article that a pasted copy of
    # itself matches at every word), each match's text or terms worked out once.
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    keys = ([text[s:e].lower() for s, e in spans] if weights is None
            else [analysis.terms(text[s:e]) for s, e in spans])
    candidates = []
    for i in range(len(spans)):
        start, end = _window(text, spans, i, size)
        inside = [j for j in range(bisect_left(starts, start), bisect_right(starts, end)) if spans[j][1] <= end]
        if weights is None:
            distinct: float = len({keys[j] for j in inside})
        else:
            shown = {term for j in inside for term in keys[j]}
            distinct = sum(weights.get(term, 0.0) for term in shown)
        candidates.append((distinct, len(inside), -start, start, end))
    candidates.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for *_, start, end in candidates:
        if all(end <= cs or start >= ce for cs, ce in chosen):
            chosen.append((start, end))
        if len(chosen) >= count:
            break
    out = []
    for start, end in sorted(chosen):
        frag = text[start:end]
        lead = len(frag) - len(frag.lstrip())
        frag = frag.strip()
        marks = [(s - start - lead, e - start - lead) for s, e in spans if s >= start and e <= end]
        out.append(Snippet(frag, [(s, e) for s, e in marks if 0 <= s < e <= len(frag)]))
    return out
