"""Who may read content's interviewer-only material: a question's reference outline, hints,
follow-ups, curveballs, strong answer and expectations; a framework's interviewer guidance and prompts per phase; a rubric's
anchored descriptions. One rule for every path (the content API, the library pages, the room,
the scorecard), as docs/security.md describes:

- curators (and staff) read all of it;
- anyone else reads what a registered rule allows. content knows nothing of sessions, so the
  app that does (interviews) registers its rule here from ``AppConfig.ready()``: the
  interviewer of a session that has a candidate who is another account reads that session's
  question, framework and rubric. With no rule registered, curators only.
"""

from __future__ import annotations

from typing import Literal, Protocol

from accounts.users import AnonymousUser, AnyUser, User
from api.permissions import is_curator

MaterialKind = Literal["question", "framework", "rubric"]
MATERIAL_KINDS: tuple[MaterialKind, ...] = ("question", "framework", "rubric")


class MaterialReaderRule(Protocol):
    def __call__(self, *, user: User, ids: list[int]) -> set[int]: ...


_rules: dict[str, list[MaterialReaderRule]] = {kind: [] for kind in MATERIAL_KINDS}


def material_reader_rule_register(kind: MaterialKind, rule: MaterialReaderRule) -> None:
    """Add a rule for one kind: given a signed-in user and ids, the ids that user may read."""
    if rule not in _rules[kind]:
        _rules[kind].append(rule)


def material_readable_ids(*, user: AnyUser, kind: MaterialKind, ids: list[int]) -> set[int]:
    """Of ``ids`` (questions, frameworks or rubrics), those whose interviewer-only material
    this user may read."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated or not ids:
        return set()
    if is_curator(user):
        return set(ids)
    readable: set[int] = set()
    for rule in _rules[kind]:
        readable |= rule(user=user, ids=ids)
    return readable & set(ids)


def material_readable(*, user: AnyUser, kind: MaterialKind, pk: int | None) -> bool:
    return pk is not None and pk in material_readable_ids(user=user, kind=kind, ids=[pk])
