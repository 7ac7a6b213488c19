"""Rater calibration in a real browser: an observer shadow-scores a live session, and after
the interviewer releases both see where they agree (the candidate sees none of it); a user
completes a calibration drill and sees the deviation from the reference."""

from __future__ import annotations

import re

import pytest

from .conftest import _manage, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SEED = """
from django.contrib.auth import get_user_model
from content.models import Question
from interviews.models import Participant, Role
from interviews.services import invite_accept, invite_create, session_create, session_start
users = get_user_model().objects
ivy = users.get(username="ivy-cal")
session = session_create(created_by=ivy, question=Question.objects.get(slug="url-shortener"),
                         level="senior", mode="peer")
for role, name in ((Role.CANDIDATE, "cody-cal"), (Role.OBSERVER, "olga-cal")):
    issued = invite_create(session=session, role=role, created_by=ivy)
    invite_accept(token=issued.token, user=users.get(username=name))
session_start(actor=Participant.objects.get(session=session, role=Role.INTERVIEWER))
print(session.pk)
"""


@pytest.fixture(scope="module")
def live_session(live_asgi):
    for name in ("ivy-cal", "cody-cal", "olga-cal", "dora-cal"):
        live_asgi.create_user(name)
    session_id = _manage(live_asgi.env, "shell", "-c", SEED).strip().splitlines()[-1]
    return live_asgi, session_id


def _score_every_criterion(page, scores):
    forms = page.locator("form.criterion")
    count = forms.count()
    assert count >= 5
    for i in range(count):
        form = forms.nth(i)
        form.locator(f"input[name=score][value='{scores[i % len(scores)]}']").check()
        form.locator(".save-state", has_text="Saved").wait_for()
    return count


def test_an_observer_shadow_scores_a_live_session_and_both_raters_see_agreement(
    new_page, live_session
):
    server, session_id = live_session
    observer = new_page()
    sign_in(observer, server, "olga-cal")
    observer.goto(f"{server.url}/sessions/{session_id}/room/")
    link = observer.locator("a.shadow-score-link")
    assert link.is_visible()
    observer.goto(server.url + link.get_attribute("href"))
    observer.wait_for_selector("h1:has-text('Shadow scorecard')")
    criteria = _score_every_criterion(observer, [3, 2])

    interviewer = new_page()
    sign_in(interviewer, server, "ivy-cal")
    # Before the release the interviewer sees no shadow score, only that there will be some.
    interviewer.goto(f"{server.url}/sessions/{session_id}/agreement/")
    assert interviewer.locator(".agreement-pending").is_visible()
    interviewer.goto(f"{server.url}/sessions/{session_id}/scorecard/interviewer/")
    _score_every_criterion(interviewer, [3])
    interviewer.locator("button", has_text="Release to the candidate").click()
    interviewer.wait_for_load_state("networkidle")

    for page in (interviewer, observer):
        page.goto(f"{server.url}/sessions/{session_id}/agreement/")
        rows = page.locator("table.agreement tbody tr")
        assert rows.count() == criteria
        # Every other criterion agrees (3 and 3), the rest are one apart (3 and 2).
        assert page.locator("table.agreement tr.agree").count() == (criteria + 1) // 2
        exact = round(100 * ((criteria + 1) // 2) / criteria)
        assert page.locator(".agreement-exact").inner_text() == f"{exact} %"
        assert page.locator(".agreement-within-one").inner_text() == "100 %"
        assert page.locator("table.agreement .anchor-text").first.inner_text().strip()
    screenshot(interviewer, "agreement-interviewer")
    # The observer's scorecard froze at the release: the page now leads to the comparison.
    observer.goto(f"{server.url}/sessions/{session_id}/scorecard/shadow/")
    assert observer.url.endswith(f"/sessions/{session_id}/agreement/")

    candidate = new_page()
    sign_in(candidate, server, "cody-cal")
    response = candidate.goto(f"{server.url}/sessions/{session_id}/agreement/")
    assert response.status == 404


def test_a_user_completes_a_calibration_drill_and_sees_the_deviation(new_page, live_session):
    server, _ = live_session
    page = new_page()
    sign_in(page, server, "dora-cal")
    page.goto(f"{server.url}/drills/")
    page.locator(".drill-card").first.locator("button", has_text="Start this drill").click()
    page.wait_for_url(re.compile(r"/drills/attempts/\d+/$"))
    assert page.locator("a", has_text="Watch the replay").is_visible()
    assert page.locator(".drill-comparison").count() == 0  # blind until submitted
    criteria = _score_every_criterion(page, [3])
    page.locator("button", has_text="Submit and compare").click()
    page.wait_for_selector(".drill-comparison")
    deviations = page.locator(".drill-comparison td.deviation").all_inner_texts()
    assert len(deviations) == criteria
    assert all(re.fullmatch(r"[+-]?\d", d.strip()) for d in deviations)
    assert page.locator(".drill-comparison .anchor-text").first.inner_text().strip()
    screenshot(page, "drill-comparison")
