"""Two web nodes behind HAProxy, configured by deploy/haproxy.cfg (the compose profile's file).

The tests run the production file with the node addresses filled in, plus two test-only
lines: a response header naming the node that served a request, and an optional request
header that pins a connection to a node (so the peers of one session can be forced apart and
their messages must cross Redis)."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from bench.ports import free_port
from tests.conftest import requires_services

from .stack import (
    BASE_DIR,
    Process,
    RoomClient,
    board_hash,
    in_thread,
    ops_drive,
    ops_logged_and_board,
)

pytestmark = pytest.mark.skipif(not shutil.which("haproxy"), reason="HAProxy is not installed")

HAPROXY = shutil.which("haproxy") or "haproxy"
CONFIG = BASE_DIR / "deploy" / "haproxy.cfg"
PIN_HEADER = "X-Test-Node"
TEST_RULES = f"""
    use-server web1 if {{ req.hdr({PIN_HEADER}) -m str web1 }}
    use-server web2 if {{ req.hdr({PIN_HEADER}) -m str web2 }}
    http-response set-header X-Designroom-Node %s
"""


def balancer_config(tmp_path: Path) -> Path:
    """The production file with the test-only rules at the end of its backend (its last
    section)."""
    text = CONFIG.read_text()
    last_section = text.rsplit("\n\n", 1)[-1]
    assert last_section.startswith("backend web\n"), "deploy/haproxy.cfg must end with backend web"
    path = tmp_path / "haproxy.cfg"
    path.write_text(text.rstrip("\n") + "\n" + TEST_RULES)
    return path


@pytest.fixture
def two_nodes(server, processes, tmp_path):
    """Two uvicorn nodes on the test database and Redis, and HAProxy in front of them."""
    web1 = server(kind="uvicorn", redis_url=settings.REDIS_URL)
    web2 = server(kind="uvicorn", redis_url=settings.REDIS_URL)
    port = free_port()
    env = {
        "DESIGNROOM_LB_BIND": f"127.0.0.1:{port}",
        "DESIGNROOM_WEB1": f"127.0.0.1:{web1.port}",
        "DESIGNROOM_WEB2": f"127.0.0.1:{web2.port}",
    }
    argv = [HAPROXY, "-db", "-f", str(balancer_config(tmp_path))]
    balancer = Process("haproxy", argv, env, port).start()
    processes.append(balancer)
    return web1, web2, balancer


def served_by(port: int, path: str) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=10)
    except urllib.error.HTTPError as exc:  # 302 to the login page, 404: still answered
        response = exc
    return response.headers.get("X-Designroom-Node", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_shipped_config_is_valid(tmp_path):
    """Proves: deploy/haproxy.cfg parses, with and without the test-only rules."""
    env = {
        "DESIGNROOM_LB_BIND": "127.0.0.1:1",
        "DESIGNROOM_WEB1": "127.0.0.1:2",
        "DESIGNROOM_WEB2": "127.0.0.1:3",
    }
    for path in (CONFIG, balancer_config(tmp_path)):
        done = subprocess.run(
            [HAPROXY, "-c", "-f", str(path)], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


@requires_services
@pytest.mark.slow
def test_a_session_is_routed_to_one_node_and_sessions_spread(two_nodes):
    """Proves: every request of a session (its socket and its pages) goes to the same node,
    by the session id in the path, while different sessions use both nodes."""
    _, _, balancer = two_nodes
    nodes = Counter()
    for _ in range(24):
        session_id = uuid.uuid4()
        seen = {
            served_by(balancer.port, f"/ws/sessions/{session_id}/"),
            served_by(balancer.port, f"/ws/sessions/{session_id}/?since=12"),
            served_by(balancer.port, f"/sessions/{session_id}/room/"),
            served_by(balancer.port, f"/sessions/{session_id}/summary/"),
        }
        assert len(seen) == 1, seen
        assert "" not in seen, "HAProxy named no node"
        nodes[seen.pop()] += 1
    assert set(nodes) == {"web1", "web2"}, nodes


@requires_services
@pytest.mark.slow
async def test_peers_on_one_session_share_a_node_through_the_balancer(room, two_nodes):
    """Proves: without pinning, the candidate's and the interviewer's sockets of one session
    are served by the same node."""
    _, _, balancer = two_nodes
    url = [f"ws://127.0.0.1:{balancer.port}"]
    candidate = RoomClient("cand", room.id, room.cookies["candidate"], url)
    interviewer = RoomClient("ivy", room.id, room.cookies["interviewer"], url)
    await candidate.start()
    await interviewer.start()
    assert candidate.served_by == interviewer.served_by
    assert candidate.served_by[0] in {"web1", "web2"}
    await candidate.close()
    await interviewer.close()


@requires_services
@pytest.mark.slow
async def test_node_killed_under_split_peers_loses_no_acknowledged_op(room, two_nodes):
    """Proves: with the two peers forced onto different nodes (every op crosses Redis), a
    SIGKILL of one node mid-session sends its client back through HAProxy to the other node;
    afterwards every op sent was acknowledged, each is in the log exactly once, and both
    clients hold the database's board."""
    web1, _, balancer = two_nodes
    url = [f"ws://127.0.0.1:{balancer.port}"]
    candidate = RoomClient(
        "cand", room.id, room.cookies["candidate"], url, headers={PIN_HEADER: "web1"}
    )
    interviewer = RoomClient(
        "ivy", room.id, room.cookies["interviewer"], url, headers={PIN_HEADER: "web2"}
    )
    await candidate.start()
    await interviewer.start()
    assert candidate.served_by == ["web1"]
    assert interviewer.served_by == ["web2"]

    drivers = [
        asyncio.create_task(ops_drive(candidate, seconds=4, rate=20, prefix="c")),
        asyncio.create_task(ops_drive(interviewer, seconds=4, rate=10, prefix="i")),
    ]
    await asyncio.sleep(1.5)
    # Ops of each side reached the other across nodes before the kill.
    assert any(m["type"] == "op" for m in interviewer.received), "no op crossed to web2"
    assert any(m["type"] == "op" for m in candidate.received), "no op crossed to web1"
    acked_before_kill = len(candidate.acked) + len(interviewer.acked)
    web1.kill(signal.SIGKILL)
    await asyncio.gather(*drivers)

    for client in (candidate, interviewer):
        await client.wait_for(lambda c=client: not c.unacked, 30, "every op acknowledged")
    last_seq = await in_thread(lambda: room.refresh_session().last_seq)
    for client in (candidate, interviewer):
        await client.wait_for(lambda c=client: c.seq == last_seq, 15, f"seq {last_seq}")

    assert acked_before_kill > 0
    assert candidate.disconnects >= 1
    assert candidate.served_by[-1] == "web2"
    assert interviewer.disconnects == 0, "the surviving node's client was disturbed"
    acked = {**candidate.acked, **interviewer.acked}
    assert len(acked) == candidate.sent + interviewer.sent

    counts, board = await in_thread(lambda: ops_logged_and_board(room.session))
    assert all(counts[op_id] == 1 for op_id in acked), "an acknowledged op is missing or doubled"
    assert candidate.hash() == interviewer.hash() == board_hash(board)
    await candidate.close()
    await interviewer.close()
