"""The floor the live relay is measured against: a bare websocket relay with no persistence.

Rooms live in a dict keyed by the request path; a client message is parsed, numbered and
sent back to its sender as ``op.ack`` and to everyone else in the room as ``op`` — the same
message shapes the app sends, so ``bench/live_relay.py`` drives both with one load
generator. No auth, no database, no channel layer: whatever the app spends beyond this is
the price of its guarantees (persist before ack, fan-out across processes).

    .venv/bin/python bench/bare_relay.py --port 18310
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
from collections import defaultdict

from websockets.asyncio.server import ServerConnection, broadcast, serve

ROOMS: dict[str, set[ServerConnection]] = defaultdict(set)
SEQS: dict[str, int] = defaultdict(int)


async def relay(ws: ServerConnection) -> None:
    room = ws.request.path if ws.request else "/"
    members = ROOMS[room]
    members.add(ws)
    try:
        await ws.send(json.dumps({"type": "snapshot", "seq": SEQS[room], "board": None}))
        async for text in ws:
            message = json.loads(text)
            if message.get("type") != "op":
                if message.get("type") == "ping":
                    await ws.send(json.dumps({"type": "pong", "t": message.get("t")}))
                continue
            SEQS[room] += 1
            seq = SEQS[room]
            op_id, op = message["op_id"], message["op"]
            await ws.send(json.dumps({"type": "op.ack", "op_id": op_id, "seq": seq, "op": op}))
            peers = [m for m in members if m is not ws]
            if peers:
                broadcast(peers, json.dumps({"type": "op", "seq": seq, "op_id": op_id, "op": op}))
    finally:
        members.discard(ws)
        if not members:
            ROOMS.pop(room, None)


async def main(host: str, port: int) -> None:
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with serve(relay, host, port, compression=None, max_size=2**20, ping_interval=20):
        print(f"bare relay on ws://{host}:{port}", flush=True)
        await stop


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=18310)
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the bench relay binds to the loopback only")
    try:
        import uvloop
    except ImportError:
        asyncio.run(main(args.host, args.port))
    else:
        uvloop.run(main(args.host, args.port))
