"""Where raters agree: one session's interviewer against each shadow scorecard, and a rater's
agreement across their history (Cohen's weighted kappa, quadratic; see analysis/agreement).

Nothing here is shown before the interviewer releases their scorecard: until then a shadow
scorecard is its author's alone (``scoring.permissions.can_read_shadow_scorecard``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, Q

from accounts.users import AnyUser, User
from interviews.models import InterviewSession, Role
from interviews.permissions import session_role

from ..analysis.agreement import Pair, Weighting, agreement, weighted_kappa
from ..models import CriterionScore, Scorecard, ScorecardKind
from ..permissions import can_read_shadow_scorecard

KAPPA_WEIGHTING: Weighting = "quadratic"


def _cards(session: InterviewSession) -> list[Scorecard]:
    scores = CriterionScore.objects.select_related("criterion").order_by("criterion__order")
    return list(
        Scorecard.objects.filter(
            session=session, kind__in=[ScorecardKind.INTERVIEWER, ScorecardKind.SHADOW]
        )
        .select_related("author", "session")
        .prefetch_related(Prefetch("scores", scores))
        .order_by("kind", "pk")
    )


def _comparison(interviewer: Scorecard, shadow: Scorecard) -> dict[str, Any]:
    theirs = {s.criterion_id: s for s in shadow.scores.all()}
    rows, pairs = [], []
    for mine in interviewer.scores.all():
        other = theirs.get(mine.criterion_id)
        b = other.score if other else None
        if mine.score is not None and b is not None:
            pairs.append((mine.score, b))
        rows.append(
            {
                "criterion": mine.criterion,
                "interviewer_score": mine.score,
                "interviewer_anchor": mine.criterion.anchor_for(mine.score),
                "shadow_score": b,
                "shadow_anchor": mine.criterion.anchor_for(b),
                "difference": None if mine.score is None or b is None else b - mine.score,
            }
        )
    return {"scorecard": shadow, "rows": rows, "agreement": agreement(pairs)}


def session_agreement(*, session: InterviewSession, user: AnyUser) -> dict[str, Any] | None:
    """The interviewer's released scores beside each shadow scorecard this user may read,
    criterion by criterion with the anchor of each score; None before the release (or for a
    user who is not one of the session's raters)."""
    cards = _cards(session)
    interviewer = next((c for c in cards if c.kind == ScorecardKind.INTERVIEWER), None)
    if interviewer is None or not interviewer.is_released:
        return None
    role = session_role(user=user, session=session)
    if not (user.is_staff or role in (Role.INTERVIEWER, Role.OBSERVER)):
        return None
    shadows = [
        c
        for c in cards
        if c.kind == ScorecardKind.SHADOW and can_read_shadow_scorecard(user=user, scorecard=c)
    ]
    comparisons = [_comparison(interviewer, s) for s in shadows]
    all_pairs: list[Pair] = [
        (r["interviewer_score"], r["shadow_score"])
        for c in comparisons
        for r in c["rows"]
        if r["difference"] is not None
    ]
    return {
        "interviewer": interviewer,
        "comparisons": comparisons,
        "overall": agreement(all_pairs),
        "by_criterion": _by_criterion(comparisons),
        "is_interviewer": role == Role.INTERVIEWER,
    }


def _by_criterion(comparisons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pairs: dict[int, list[Pair]] = defaultdict(list)
    titles: dict[int, str] = {}
    for c in comparisons:
        for r in c["rows"]:
            titles[r["criterion"].pk] = r["criterion"].title
            if r["difference"] is not None:
                pairs[r["criterion"].pk].append((r["interviewer_score"], r["shadow_score"]))
    return [{"criterion": titles[pk], "agreement": agreement(pairs.get(pk, []))} for pk in titles]


def rater_agreement_history(*, user: User) -> dict[str, Any]:
    """The user's agreement with the other raters of every released session they scored:
    as interviewer (against each shadow scorecard) and as observer (their shadow scorecard
    against the interviewer's). Kappa is weighted quadratically; ``sessions`` and ``pairs``
    say how much lies behind it. Two queries whatever the history's length."""
    as_interviewer = Scorecard.objects.filter(
        kind=ScorecardKind.INTERVIEWER, author=user, released_at__isnull=False
    ).values("session_id")
    as_observer = Scorecard.objects.filter(kind=ScorecardKind.SHADOW, author=user).values(
        "session_id"
    )
    released = Scorecard.objects.filter(
        kind=ScorecardKind.INTERVIEWER, released_at__isnull=False
    ).values("session_id")
    rows = (
        CriterionScore.objects.filter(
            Q(scorecard__session_id__in=as_interviewer) | Q(scorecard__session_id__in=as_observer)
        )
        .filter(
            scorecard__session_id__in=released,
            scorecard__kind__in=[ScorecardKind.INTERVIEWER, ScorecardKind.SHADOW],
            score__isnull=False,
        )
        .values_list(
            "scorecard__session_id",
            "scorecard_id",
            "scorecard__kind",
            "scorecard__author_id",
            "criterion_id",
            "score",
        )  # fmt: skip
    )
    return _history_from_rows(list(rows), user_id=user.pk)


def _history_from_rows(rows: list[tuple], *, user_id: int) -> dict[str, Any]:
    interviewer: dict[Any, dict[int, int]] = defaultdict(dict)
    interviewed_by: dict[Any, int] = {}
    shadows: dict[Any, dict[int, int]] = defaultdict(dict)  # card -> criterion -> score
    shadow_of: dict[int, tuple[Any, int]] = {}  # card -> (session, author)
    for session_id, card_id, kind, author_id, criterion_id, score in rows:
        if kind == ScorecardKind.INTERVIEWER:
            interviewer[session_id][criterion_id] = score
            interviewed_by[session_id] = author_id
        else:
            shadows[card_id][criterion_id] = score
            shadow_of[card_id] = (session_id, author_id)
    pairs: dict[str, list[Pair]] = {"interviewer": [], "observer": []}
    sessions: dict[str, set] = {"interviewer": set(), "observer": set()}
    for card_id, theirs in shadows.items():
        session_id, author_id = shadow_of[card_id]
        if interviewed_by.get(session_id) == user_id:
            role = "interviewer"
        elif author_id == user_id:
            role = "observer"
        else:
            continue  # another observer's card in a session the user observed
        mine = interviewer.get(session_id, {})
        found = [(mine[c], score) for c, score in theirs.items() if c in mine]
        pairs[role] += found
        if found:
            sessions[role].add(session_id)
    return {role: _history_summary(pairs[role], len(sessions[role])) for role in pairs}


def _history_summary(pairs: list[Pair], sessions: int) -> dict[str, Any]:
    summary = agreement(pairs)
    return {
        "sessions": sessions,
        "pairs": len(pairs),
        "exact": summary.exact,
        "within_one": summary.within_one,
        "kappa": weighted_kappa(pairs, weighting=KAPPA_WEIGHTING),
        "weighting": KAPPA_WEIGHTING,
    }
