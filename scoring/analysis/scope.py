"""The scope of refusals, deferrals and rejections in a sentence (NegEx-style).

Scope (NegEx-style: a trigger word and the stretch of the clause it governs)
---------------------------------------------------------------------------
- *refused*: a negator (no, not, won't, without, never, ...) governs the words after it, to
  the end of its clause; it crosses a comma only while it has not reached a word yet ("we
  will not, at least for now, add a cache"), and reaches at most six words. A denial after
  a mechanism governs the words before it ("a CDN is overkill", "caching isn't needed").
- *deferred*: "in v2", "for later", "not yet", "if needed", "would help", ... govern their
  clause in both directions; "later" only in a sentence about changing the design ("we can
  add a cache later"), not about run time ("the email is sent later by a worker").
- *rejected*: "considered / thought about / looked at X, but ..." rejects X up to the
  adversative; "instead of X", "rather than X", "decided against X" and "chose A over X"
  reject X.
- A sentence that opens with "Not yet" / "Not for now" (or is only "No.") declines the
  first clause of what follows: "Not yet. A cache would help reads, but ...".
- Clauses end at sentence punctuation other than commas and at conjunctions such as "but",
  "because" or "which"; "and"/"or" do not end a clause ("no cache or CDN"), except before
  a new subject ("... and we add a CDN in v2").

A trigger never governs a mechanism phrase that contains it ("no single point of failure",
"a no-op", "fail over"). Questions ("Should we add a cache?") are not statements.
"""

from __future__ import annotations

from .text import Token
from .vocabulary import (
    ADVERSATIVES,
    CHOICE_VERBS,
    CONSIDER_WORDS,
    DEFERRAL_PHRASES,
    LATER_DESIGN_WORDS,
    LATER_RUNTIME_WORDS,
    MARKER_CLAUSES,
    NEGATOR_BIGRAMS,
    NEGATORS,
    POST_NEGATOR_BIGRAMS,
    POST_NEGATORS,
    REFUSAL_OPENERS,
    REJECT_BIGRAMS,
    STOPWORDS,
    words,
)

MAX_SCOPE_WORDS = 6
# Words that do not end the reach of a negator across a comma: "not, at least for now, add".
FILLERS = frozenset(
    words(
        "least now moment first yet really initially currently today probably likely perhaps maybe honestly necessarily immediately time being still"
    )
)
PRONOUNS = frozenset(["we", "i", "they", "it", "you", "he", "she", "this", "that"])
# Words around a marker clause that do not change it: "so no", "and later", "then: v2".
_MARKER_NOISE = frozenset(["a", "the", "so", "and", "but", "then", "or", "maybe", "probably"])
# "later reads", "eventually consistent": run-time words, not a postponed design.
_NOT_DEFERRING_NEXT = frozenset(
    words(
        "than read reads write writes consistent consistency consistently visible converge converges reach reaches"
    )
)
# "only if the driver has none": an object of having, not a denial of the clause
_HAVING = frozenset(["has", "have", "had", "holds", "hold", "owns", "keeps"])
_SUBJECT_VERBS = frozenset(
    words("gets get is was will can goes breaks happens falls changes else ever")
)


def _is_subject(tokens: tuple[Token, ...], i: int) -> bool:
    """ "the driver has none" and "nothing gets stuck" use the word as an object or a
    subject; only "we cached nothing" / "a CDN: none" deny what comes before."""
    after = tokens[i + 1].raw if i + 1 < len(tokens) else ""
    return tokens[i - 1].raw in _HAVING or after in _SUBJECT_VERBS


_REJECTED_PARTICIPLES = frozenset(["rejected", "dropped", "discarded", "vetoed", "abandoned"])
_PASSIVE_AUXILIARIES = frozenset(["was", "were", "is", "are", "been", "got"])
PURE_REFUSALS = frozenset({("no",), ("nope",), ("nah",), ("not", "really"), ("no", "need")})
_NOT_CHOICE_OVER = frozenset(
    words(
        "fail fails failing failed switch switches take takes taken hand roll carry turn move cut spill fall"
    )
)

Scope = tuple[str, int] | None  # (why, index of the trigger; -1 for a previous sentence)
_DEFERRALS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(DEFERRAL_PHRASES, key=len, reverse=True):
    _DEFERRALS_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


def _content(token: Token) -> bool:
    return not token.code and token.raw not in STOPWORDS and token.raw not in FILLERS


def _mark(marks: list[Scope], index: int, why: str, trigger: int) -> None:
    if marks[index] is None:
        marks[index] = (why, trigger)


def _reach(tokens: tuple[Token, ...], frm: int, step: int, marks: list[Scope], why: str,
           trigger: int, stay_in_segment: bool = False) -> int:  # fmt: skip
    """Mark tokens from frm in direction step until the scope ends; returns words reached."""
    clause, segment, words = tokens[frm].clause, tokens[frm].segment, 0
    j = frm
    while 0 <= j < len(tokens):
        token = tokens[j]
        if token.clause != clause:
            break
        if token.segment != segment:
            if words or stay_in_segment:
                break
            segment = token.segment
        if token.raw in ("and", "or") and j + 1 < len(tokens) and tokens[j + 1].raw in PRONOUNS:
            break  # "... and we add a CDN": a new subject starts a new clause
        _mark(marks, j, why, trigger)
        words += _content(token)
        if words >= MAX_SCOPE_WORDS:
            break
        j += step
    return words


def _phrase_at(tokens: tuple[Token, ...], i: int, phrase: tuple[str, ...]) -> bool:
    return all(
        i + k < len(tokens) and tokens[i + k].raw == w and not tokens[i + k].code
        for k, w in enumerate(phrase)
    )


def scopes(tokens: tuple[Token, ...], carried: str | None = None) -> tuple[Scope, ...]:
    """Per token: why it is declined (refused/deferred/rejected) and by which trigger."""
    marks: list[Scope] = [None] * len(tokens)
    if carried and tokens:
        _carried_scope(tokens, marks, carried)
    for i, token in enumerate(tokens):
        if token.code:
            continue
        _negator_at(tokens, i, marks)
        _deferral_at(tokens, i, marks)
        _rejection_at(tokens, i, marks)
    _opener(tokens, marks)
    _marker_clauses(tokens, marks)
    return tuple(marks)


_DOUBTS = (("not", "sure"), ("not", "convinced"), ("not", "needed"), ("not", "necessary"),
           ("unnecessary",), ("overkill",), ("not", "worth"))  # fmt: skip
_REFERENTS = frozenset(["it", "it's", "that", "that's", "this", "them", "they're"])


def _doubt(words: tuple[str, ...], position: int) -> str | None:
    """A later clause that doubts what came before ("..., but I'm not sure it's needed")."""
    if position == 0 or not _REFERENTS & set(words):
        return None
    joined = " ".join(words)
    return "deferred" if any(" ".join(d) in joined for d in _DOUBTS) else None


_RELEASE_WORDS = frozenset(
    words(
        "in for at the this first initial release version v1 mvp launch now yet phase iteration beta pilot day one"
    )
)


def _not_now(words: tuple[str, ...]) -> str | None:
    """A clause that only says "not in the first release" / "not for the MVP" defers its
    neighbour ("Multi-region failover: not in the first release")."""
    if len(words) >= 2 and words[0] == "not" and set(words[1:]) <= _RELEASE_WORDS:
        return "deferred"
    return None


def _marker_clauses(tokens: tuple[Token, ...], marks: list[Scope]) -> None:
    """A clause that is only a marker ("later", "none", "TODO") declines its neighbour:
    the clause before it, or the one after it when it comes first."""
    clauses: dict[int, list[int]] = {}
    for i, token in enumerate(tokens):
        clauses.setdefault(token.clause, []).append(i)
    order = sorted(clauses)
    for position, clause in enumerate(order):
        words = tuple(tokens[i].raw for i in clauses[clause] if tokens[i].raw not in _MARKER_NOISE)
        why = MARKER_CLAUSES.get(words) or _not_now(words) or _doubt(words, position)
        if why is None:
            continue
        neighbour = position - 1 if position > 0 else position + 1
        if 0 <= neighbour < len(order):
            for i in clauses[order[neighbour]]:
                _mark(marks, i, why, clauses[clause][0])


def _negator_at(tokens: tuple[Token, ...], i: int, marks: list[Scope]) -> None:
    token = tokens[i]
    if (
        token.raw in NEGATORS
        and not token.hyphen_next
        and i + 1 < len(tokens)
        and not (token.raw == "not" and tokens[i + 1].raw in ("only", "just"))
        # "No, a mechanic's token carries their depot": an answer, the clause after it is
        # the candidate's own statement (a bare "No." declines what follows, see below)
        and not (token.raw in ("no", "nope") and i == 0 and tokens[1].segment != token.segment)
    ):
        _reach(tokens, _past_aside(tokens, i), 1, marks, "refused", i)
    if i > 0 and (tokens[i - 1].raw, token.raw) in NEGATOR_BIGRAMS and i + 1 < len(tokens):
        _reach(tokens, i + 1, 1, marks, "refused", i)
    if token.raw in POST_NEGATORS and i > 0 and not _is_subject(tokens, i):
        _reach(tokens, i - 1, -1, marks, "refused", i)
    if i + 1 < len(tokens) and (token.raw, tokens[i + 1].raw) in POST_NEGATOR_BIGRAMS and i > 0:
        _reach(tokens, i - 1, -1, marks, "refused", i)


def _past_aside(tokens: tuple[Token, ...], i: int) -> int:
    """Where a negator's reach starts: after it, or after a comma-enclosed aside that
    follows it ("we will not, at least in the first version, shard ..."): the aside is
    skipped whatever words it holds, and the negation governs what comes after it."""
    first = i + 1
    if tokens[first].segment == tokens[i].segment or tokens[first].clause != tokens[i].clause:
        return first
    aside = tokens[first].segment
    j = first
    while j < len(tokens) and tokens[j].clause == tokens[i].clause and tokens[j].segment == aside:
        j += 1
    if j < len(tokens) and tokens[j].clause == tokens[i].clause and j - first <= MAX_SCOPE_WORDS:
        return j
    return first


def _deferral_at(tokens: tuple[Token, ...], i: int, marks: list[Scope]) -> None:
    for phrase in _DEFERRALS_BY_FIRST.get(tokens[i].raw, ()):
        if _phrase_at(tokens, i, phrase):
            _both_ways(tokens, i, i + len(phrase) - 1, marks, "deferred")
            return
    if tokens[i].raw in ("later", "eventually") and _later_defers(tokens, i):
        _both_ways(tokens, i, i, marks, "deferred")


def _both_ways(
    tokens: tuple[Token, ...], first: int, last: int, marks: list[Scope], why: str
) -> None:
    ahead = _reach(tokens, last + 1, 1, marks, why, first) if last + 1 < len(tokens) else 0
    if first > 0:
        _reach(tokens, first - 1, -1, marks, why, first, stay_in_segment=bool(ahead))


def _later_defers(tokens: tuple[Token, ...], i: int) -> bool:
    if i + 1 < len(tokens) and tokens[i + 1].raw in _NOT_DEFERRING_NEXT:
        return False
    if i > 0 and (tokens[i - 1].raw.isdigit() or tokens[i - 1].raw in LATER_RUNTIME_WORDS):
        return False
    clause = [t.raw for t in tokens if t.clause == tokens[i].clause]
    return any(w in LATER_DESIGN_WORDS for w in clause) and not any(
        w in LATER_RUNTIME_WORDS for w in clause
    )


def _rejection_at(tokens: tuple[Token, ...], i: int, marks: list[Scope]) -> None:
    token = tokens[i]
    if token.raw in CONSIDER_WORDS:
        adversative = next(
            (k for k in range(i + 1, len(tokens)) if tokens[k].raw in ADVERSATIVES), None
        )
        if adversative is not None:
            for k in range(i + 1, adversative):
                _mark(marks, k, "rejected", i)
            if i > 1 and tokens[i - 1].raw in _PASSIVE_AUXILIARIES:
                # "Caching the list was considered but dropped": the subject is rejected
                _reach(tokens, i - 2, -1, marks, "rejected", i)
    if token.raw in _REJECTED_PARTICIPLES and i > 1 and tokens[i - 1].raw in _PASSIVE_AUXILIARIES:
        # "Caching codes on the panel was rejected": the subject before it is rejected
        _reach(tokens, i - 2, -1, marks, "rejected", i)
    if i + 2 < len(tokens) and (token.raw, tokens[i + 1].raw) in REJECT_BIGRAMS:
        _reach(tokens, i + 2, 1, marks, "rejected", i)
    if (
        token.raw == "over"
        and 0 < i < len(tokens) - 1
        and tokens[i - 1].raw not in _NOT_CHOICE_OVER
        and any(t.raw in CHOICE_VERBS for t in tokens[:i] if t.clause == token.clause)
    ):
        _reach(tokens, i + 1, 1, marks, "rejected", i)


def _opener_length(tokens: tuple[Token, ...]) -> tuple[int, bool]:
    """Length of a refusal opener at the start of the sentence, and whether it is a pure
    refusal ("No.") rather than a deferral ("Not yet")."""
    for opener in sorted(REFUSAL_OPENERS, key=len, reverse=True):
        if _phrase_at(tokens, 0, opener):
            return len(opener), opener in PURE_REFUSALS
    return 0, False


def _opener(tokens: tuple[Token, ...], marks: list[Scope]) -> None:
    length, pure = _opener_length(tokens)
    if not length or pure or length >= len(tokens):
        return
    clause = tokens[length].clause
    for k in range(length, len(tokens)):
        if (
            tokens[k].clause != clause
            or tokens[k].raw in ADVERSATIVES
            or tokens[k].raw == "instead"
        ):
            break
        _mark(marks, k, "deferred", 0)


def carried_refusal(tokens: tuple[Token, ...]) -> str | None:
    """A sentence that is only a refusal ("No." / "Not yet.") declines what follows."""
    length, pure = _opener_length(tokens)
    if length and length == len(tokens):
        return "refused" if pure else "deferred"
    return None


def _carried_scope(tokens: tuple[Token, ...], marks: list[Scope], why: str) -> None:
    if any(t.raw == "instead" for t in tokens):
        return  # "No. We shard by user instead."
    for k, token in enumerate(tokens):
        if token.clause != 0 or token.raw in ADVERSATIVES:
            break
        _mark(marks, k, why, -1)
