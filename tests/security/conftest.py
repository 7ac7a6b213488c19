"""The attacks reuse the live-session and scoring fixtures of the other test folders."""

from tests.interviews.conftest import (  # noqa: F401
    framework,
    fresh_channel_layer,
    people,
    question,
    rubric,
)
from tests.scoring.conftest import (  # noqa: F401
    ended_peer_session,
    peer_session,
    solo_session,
    users,
)
