"""The queryset forms of the session and scoring permissions agree with the per-object rules.

Lists and CSV exports filter in the database (interviews.permissions.sessions_readable_filter,
scoring.permissions.scorecards_readable_filter); pages and details ask can_read_session /
can_read_report / can_read_scorecard. For every caller and every scorecard or session of the
world, both must answer the same.
"""

import pytest

from interviews.models import InterviewSession
from interviews.permissions import can_read_session, sessions_readable_filter
from scoring.models import Scorecard, ScorecardKind
from scoring.permissions import can_read_report, can_read_scorecard, scorecards_readable_filter
from scoring.services import scorecard_get_or_create, scorecard_release

from .conftest import ACTORS

SIGNED_IN = [a for a in ACTORS if a != "anonymous"]


@pytest.mark.parametrize("released", [False, True])
@pytest.mark.parametrize("actor", SIGNED_IN)
def test_scorecard_filter_matches_can_read_scorecard(w, actor, released):
    # A self-assessment in a peer session too, so that its interviewer's access is covered.
    Scorecard.objects.create(
        session=w.session,
        kind=ScorecardKind.SELF,
        author=w.users["candidate"],
        rubric=Scorecard.objects.get(session=w.session, kind=ScorecardKind.INTERVIEWER).rubric,
    )
    if released:
        card = scorecard_get_or_create(
            session=w.session, kind=ScorecardKind.INTERVIEWER, user=w.users["interviewer"]
        )
        scorecard_release(scorecard=card, user=w.users["interviewer"])
    user = w.users[actor]
    filtered = set(
        Scorecard.objects.filter(scorecards_readable_filter(user=user)).values_list("pk", flat=True)
    )
    by_object = {
        card.pk
        for card in Scorecard.objects.select_related("session")
        if can_read_scorecard(user=user, scorecard=card)
    }
    assert filtered == by_object
    assert Scorecard.objects.count() == 4  # interviewer, shadow, two self-assessments


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_session_filter_matches_can_read_session_and_report(w, actor):
    user = w.users[actor]
    filtered = set(
        InterviewSession.objects.filter(sessions_readable_filter(user=user)).values_list(
            "pk", flat=True
        )
    )
    by_object = {
        s.pk for s in InterviewSession.objects.all() if can_read_session(user=user, session=s)
    }
    assert filtered == by_object
    assert by_object == {
        s.pk for s in InterviewSession.objects.all() if can_read_report(user=user, session=s)
    }


def test_anonymous_reads_nothing(w):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not Scorecard.objects.filter(scorecards_readable_filter(user=anonymous)).exists()
    assert not InterviewSession.objects.filter(sessions_readable_filter(user=anonymous)).exists()
