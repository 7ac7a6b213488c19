"""Two people typing into the same notes section at once: the server's merge never garbles.

Each peer types one keystroke per transaction (as the browser does) and sends what it typed
in bursts; the server applies the bursts in whatever order they arrive and relays each
applied change to the other peer. Both peers and the server must end with the same text,
each sentence intact and contiguous.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interviews.notes import NotesDocument

from .peers import Peer

ALICE = "NFR: p99 under 50 ms."
BOB = "Reads are cached in Redis."


def _relay(doc: NotesDocument, sender: Peer, others: list[Peer]) -> None:
    update = sender.flush()
    if update:
        change = doc.apply(update)
        for peer in others:
            peer.receive(change.update)


def _type_together(doc, alice, bob, section, at, schedule):
    """Alice and Bob type their sentences at ``at``; ``schedule`` says who sends when."""
    typed = {"a": 0, "b": 0}
    sentences = {"a": (alice, ALICE), "b": (bob, BOB)}
    alice.place(section, at)
    bob.place(section, at)
    for who, burst in [*schedule, ("a", len(ALICE)), ("b", len(BOB))]:
        peer, sentence = sentences[who]
        chunk = sentence[typed[who] : typed[who] + burst]
        peer.type(section, None, chunk)
        typed[who] += len(chunk)
        _relay(doc, peer, [alice if peer is bob else bob])


def test_two_people_typing_at_the_end_of_the_same_section_keep_their_sentences_whole():
    doc = NotesDocument.from_texts({"requirements": "Users upload photos. "})
    alice, bob = Peer(doc.state()), Peer(doc.state())
    at = len("Users upload photos. ")
    # Each sends a few characters at a time, alternating: what the live room does.
    schedule = [("a", 3), ("b", 2)] * 15
    _type_together(doc, alice, bob, "requirements", at, schedule)
    text = doc.text("requirements")
    assert alice["requirements"] == bob["requirements"] == text
    assert text in (
        f"Users upload photos. {ALICE}{BOB}",
        f"Users upload photos. {BOB}{ALICE}",
    )


@settings(max_examples=60, deadline=None)
@given(
    schedule=st.lists(
        st.tuples(st.sampled_from("ab"), st.integers(min_value=1, max_value=20)), max_size=30
    ),
    prefix=st.sampled_from(["", "Users upload photos. ", "ab→😀 "]),
)
def test_any_interleaving_keeps_both_sentences_contiguous(schedule, prefix):
    doc = NotesDocument.from_texts({"free": prefix} if prefix else {})
    alice, bob = Peer(doc.state()), Peer(doc.state())
    _type_together(doc, alice, bob, "free", len(prefix), schedule)
    text = doc.text("free")
    assert alice["free"] == bob["free"] == text
    assert text in (prefix + ALICE + BOB, prefix + BOB + ALICE)


def _replace_word(
    peer: Peer, section: str, word: str, replacement: str, typed: int | None = None
) -> None:
    """Select ``word`` and type over it, as in a textarea (only ``typed`` + 1 characters)."""
    at = peer[section].index(word)
    peer.keystroke(section, at, delete=len(word), insert=replacement[0])
    peer.place(section, at + 1)
    peer.type(section, None, replacement[1 : None if typed is None else typed + 1])


def test_replacing_the_same_words_from_both_sides_never_garbles():
    doc = NotesDocument.from_texts({"deep_dive": "alpha bravo charlie"})
    interviewer, candidate = Peer(doc.state()), Peer(doc.state())
    _replace_word(interviewer, "deep_dive", "bravo", "IV")
    _replace_word(candidate, "deep_dive", "bravo", "CAND")
    _relay(doc, interviewer, [candidate])
    _relay(doc, candidate, [interviewer])
    text = doc.text("deep_dive")
    assert interviewer["deep_dive"] == candidate["deep_dive"] == text
    # Both replacements survive whole, side by side, and the replaced word is gone once.
    assert text in ("alpha IVCAND charlie", "alpha CANDIV charlie")


@settings(max_examples=40, deadline=None)
@given(first=st.sampled_from(["interviewer", "candidate"]), split=st.integers(0, 4))
def test_replacing_the_same_words_in_any_order_and_bursts_never_garbles(first, split):
    doc = NotesDocument.from_texts({"api": "GET /v1/feed bravo delta"})
    peers = {"interviewer": Peer(doc.state()), "candidate": Peer(doc.state())}
    _replace_word(peers["interviewer"], "api", "bravo", "POST /v2")
    # The candidate's replacement arrives in two bursts with the interviewer's in between.
    candidate = peers["candidate"]
    replacement = "PUT /v3"
    _replace_word(candidate, "api", "bravo", replacement, typed=split)
    second = "candidate" if first == "interviewer" else "interviewer"
    _relay(doc, peers[first], [peers[second]])
    _relay(doc, peers[second], [peers[first]])
    candidate.type("api", None, replacement[split + 1 :])
    _relay(doc, candidate, [peers["interviewer"]])
    text = doc.text("api")
    assert peers["interviewer"]["api"] == candidate["api"] == text
    assert text in ("GET /v1/feed POST /v2PUT /v3 delta", "GET /v1/feed PUT /v3POST /v2 delta")
