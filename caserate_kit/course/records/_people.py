"""Which learner records are one person: the merges a trainer recorded, followed.

A merge says that one learner record's rows count as another's. Merges chain
(A into B, then B into C puts A's rows under C); the store refuses a merge
that would make a loop, so following them always ends.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from ._tables import LearnerMergeRow

__all__ = ["merged_into", "person_of", "same_person"]


def merged_into(connection: Connection) -> dict[str, str]:
    """Every merged learner id and the id its records now count under, chains followed."""
    pairs = {
        row.learner_id: row.into_id
        for row in connection.execute(
            select(LearnerMergeRow.c.learner_id, LearnerMergeRow.c.into_id)
        )
    }
    followed = {}
    for start, target in pairs.items():
        seen = {start}
        while target in pairs and target not in seen:
            seen.add(target)
            target = pairs[target]
        followed[start] = target
    return followed


def person_of(connection: Connection, learner_id: str) -> str:
    """The learner id that ``learner_id``'s records count under (itself unless merged)."""
    return merged_into(connection).get(learner_id, learner_id)


def same_person(connection: Connection, learner_id: str) -> list[str]:
    """The learner's id first, then every id merged into it."""
    merged = merged_into(connection)
    person = merged.get(learner_id, learner_id)
    return [person, *sorted(key for key, into in merged.items() if into == person)]
