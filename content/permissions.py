"""Who besides curators may read a question's interviewer-only material (reference outline,
hints, follow-ups, curveballs).

content knows nothing of sessions, so it cannot tell who interviewed with a question: the
app that can (interviews) registers a rule here from its ``AppConfig.ready()``. With no rule
registered nobody but curators reads that material (the API checks curators itself).
"""

from __future__ import annotations

from typing import Protocol

from accounts.users import AnonymousUser, AnyUser, User


class OutlineReaderRule(Protocol):
    def __call__(self, *, user: User, question_ids: list[int]) -> set[int]: ...


_outline_rules: list[OutlineReaderRule] = []


def outline_reader_rule_register(rule: OutlineReaderRule) -> None:
    """Add a rule: given a signed-in user and question ids, the ids that user may read."""
    if rule not in _outline_rules:
        _outline_rules.append(rule)


def question_ids_with_outline_for(*, user: AnyUser, question_ids: list[int]) -> set[int]:
    """The questions (of ``question_ids``) whose interviewer-only material this user may see."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated or not question_ids:
        return set()
    readable: set[int] = set()
    for rule in _outline_rules:
        readable |= rule(user=user, question_ids=question_ids)
    return readable & set(question_ids)
