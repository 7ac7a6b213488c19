"""Yjs (the browser's vendored bundle, run in node) and pycrdt read each other's updates."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from interviews.board import NOTE_SECTIONS
from interviews.notes import NotesDocument

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

PEER = Path(__file__).with_name("yjs_peer.mjs")


def yjs(job: dict) -> dict:
    job = {"sections": list(NOTE_SECTIONS), **job}
    result = subprocess.run(
        ["node", str(PEER)], input=json.dumps(job), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_server_document_loads_in_yjs_with_the_same_text():
    doc = NotesDocument.from_texts({"requirements": "Upload → feed 😀 in < 2 s", "api": "GET /x"})
    browser = yjs({"apply": [doc.state().hex()]})
    assert browser["texts"] == doc.texts()


def test_yjs_keystrokes_apply_on_the_server_and_the_servers_changes_apply_in_yjs():
    doc = NotesDocument.from_texts({"requirements": "Users upload photos."})
    initial = doc.state()
    rng = random.Random(11)
    steps = []
    text = "Users upload photos."
    for _ in range(120):
        # Keystrokes, backspaces, emoji and a replaced selection, each its own transaction.
        roll = rng.random()
        if roll < 0.6 or not text:
            at, char = rng.randint(0, len(text)), rng.choice("abc →😀\n")
            steps.append(
                [
                    {
                        "section": "requirements",
                        "index": len(text[:at].encode("utf-16-le")) // 2,
                        "insert": char,
                    }
                ]
            )
            text = text[:at] + char + text[at:]
        elif roll < 0.85:
            at = rng.randrange(len(text))
            steps.append(
                [
                    {
                        "section": "requirements",
                        "index": len(text[:at].encode("utf-16-le")) // 2,
                        "delete": len(text[at].encode("utf-16-le")) // 2,
                    }
                ]
            )
            text = text[:at] + text[at + 1 :]
        else:
            at = rng.randrange(len(text))
            end = min(len(text), at + rng.randint(1, 5))
            size = len(text[at:end].encode("utf-16-le")) // 2
            start = len(text[:at].encode("utf-16-le")) // 2
            steps.append(
                [{"section": "requirements", "index": start, "delete": size, "insert": "IV"}]
            )
            text = text[:at] + "IV" + text[end:]
    browser = yjs({"apply": [doc.state().hex()], "steps": steps, "client_id": 4242})
    watcher_updates = []
    for update in browser["updates"]:
        change = doc.apply(bytes.fromhex(update))
        watcher_updates.append(change.update.hex())
    assert browser["texts"]["requirements"] == text
    assert doc.text("requirements") == text
    # A second browser that loaded the old state follows along from the server's changes.
    follower = yjs({"apply": [initial.hex(), *watcher_updates]})
    assert follower["texts"] == doc.texts()


def test_server_changes_relayed_to_a_yjs_peer_bring_it_to_the_same_text():
    doc = NotesDocument()
    first = yjs(
        {
            "apply": [doc.state().hex()],
            "steps": [[{"section": "api", "index": 0, "insert": "POST /v1/photos"}]],
            "client_id": 1,
        }
    )
    relayed = [doc.apply(bytes.fromhex(u)).update.hex() for u in first["updates"]]
    # The other browser had the empty document and gets only the relayed change.
    other = yjs({"apply": [NotesDocument().state().hex(), *relayed]})
    assert other["texts"]["api"] == "POST /v1/photos"


def test_two_yjs_browsers_typing_at_the_same_spot_converge_through_the_server():
    doc = NotesDocument.from_texts({"free": "Notes: "})
    base = doc.state().hex()
    at = len("Notes: ")
    alice = yjs(
        {
            "apply": [base],
            "client_id": 10,
            "steps": [
                [{"section": "free", "index": at + i, "insert": ch}]
                for i, ch in enumerate("alpha beta")
            ],
        }
    )
    bob = yjs(
        {
            "apply": [base],
            "client_id": 20,
            "steps": [
                [{"section": "free", "index": at + i, "insert": ch}]
                for i, ch in enumerate("gamma delta")
            ],
        }
    )
    for a, b in zip(alice["updates"], bob["updates"], strict=False):
        doc.apply(bytes.fromhex(a))
        doc.apply(bytes.fromhex(b))
    for rest in alice["updates"][len(bob["updates"]) :] + bob["updates"][len(alice["updates"]) :]:
        doc.apply(bytes.fromhex(rest))
    assert doc.text("free") in ("Notes: alpha betagamma delta", "Notes: gamma deltaalpha beta")
    merged = yjs({"apply": [alice["state"], bob["state"]]})
    assert merged["texts"]["free"] == doc.text("free")
