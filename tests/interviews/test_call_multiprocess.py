"""Call signalling between two server processes (uvicorn and daphne over Redis): the offer
and the answer cross the channel layer to the addressed page only."""

from __future__ import annotations

import pytest

from tests.conftest import requires_services
from tests.interviews.test_multiprocess import Client, servers  # noqa: F401 (fixture)

pytestmark = [pytest.mark.slow, requires_services, pytest.mark.django_db(transaction=True)]

SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"


def _signal(user_id: int, peer: str, kind: str) -> dict:
    return {
        "type": "call.signal",
        "to": {"user": user_id, "peer": peer},
        "kind": kind,
        "description": {"type": kind, "sdp": SDP},
    }


async def test_offer_and_answer_cross_processes_to_the_addressed_page(
    servers,  # noqa: F811
    peer,
    cookies,
):
    a, b = servers
    interviewer = await Client.join(a, peer.session.pk, cookies["interviewer"])
    candidate = await Client.join(b, peer.session.pk, cookies["candidate"])
    observer = await Client.join(b, peer.session.pk, cookies["observer"])
    for client in (interviewer, candidate, observer):
        await client.recv_type("snapshot")

    await interviewer.send({"type": "call.join", "peer": "ivy-page-1"})
    await interviewer.recv_type("call.joined")
    await candidate.send({"type": "call.join", "peer": "cody-page-1"})
    await candidate.recv_type("call.joined")
    await observer.send({"type": "call.join", "peer": "olga-page-1"})
    await observer.recv_type("call.joined")
    joined = await interviewer.recv_type("call")
    while joined.get("peer") != "cody-page-1":  # start and its own join come first
        joined = await interviewer.recv_type("call")

    await interviewer.send(_signal(peer.candidate.user_id, "cody-page-1", "offer"))
    offer = await candidate.recv_type("call.signal")
    assert offer["from"]["peer"] == "ivy-page-1"
    assert offer["description"]["type"] == "offer"
    await candidate.send(_signal(peer.interviewer.user_id, "ivy-page-1", "answer"))
    answer = await interviewer.recv_type("call.signal")
    assert answer["from"]["peer"] == "cody-page-1"
    assert answer["from"]["role"] == "candidate"

    # The observer on the candidate's process saw neither.
    await observer.send({"type": "ping", "t": 7})
    while (message := await observer.recv())["type"] != "pong":
        assert message["type"] != "call.signal"
    for client in (interviewer, candidate, observer):
        await client.ws.close()
