"""The live-session fixtures (a peer session with interviewer, candidate and observer)."""

from tests.interviews.conftest import (  # noqa: F401 (fixtures)
    cookies,
    framework,
    fresh_channel_layer,
    peer,
    people,
    question,
    rubric,
    solo,
)
