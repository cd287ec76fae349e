"""Many processes writing to one records store at once: nothing lost, nothing doubled.

Eight processes (thirty in ``make bench``: a room of learners, or a hub's
kernels) open their own store on the same database at the same moment, the
first of them on an empty database, and each records four post-test attempts
(ten in ``make bench``): a start, three answers and a submission. Some writes
are sent twice with the same id, as a retry after a lost reply would be.
``CASERATE_SOAK_PROCESSES`` and ``CASERATE_SOAK_ATTEMPTS`` set the sizes.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from caserate_kit.course.records._store import Store

PROCESSES = int(os.environ.get("CASERATE_SOAK_PROCESSES", "8"))
ATTEMPTS_EACH = int(os.environ.get("CASERATE_SOAK_ATTEMPTS", "4"))
QUESTIONS = ("q1", "q2", "q3")
QUIZ = "posttest-01"
_IDS = uuid.UUID("6f1d3c64-5b0e-4a59-9a55-3c2f1e1b7a10")

pytestmark = pytest.mark.concurrency


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_IDS, "/".join(map(str, parts))))


def _record_attempts(store: Store, index: int) -> None:
    learner_id = _id("learner", index)
    for _ in range(2):  # the second is a retry: the same id, ignored
        store.add_learner(f"Learner {index}", learner_id=learner_id)
    for number in range(ATTEMPTS_EACH):
        attempt_id, retried = _id("attempt", index, number), number % 5 == 0
        for _ in range(1 + retried):
            store.start_attempt(learner_id, QUIZ, "v1", seed=number, attempt_id=attempt_id)
        for question in QUESTIONS:
            response_id = _id("response", index, number, question)
            for _ in range(1 + retried):
                store.record_response(attempt_id, question, "b", response_id=response_id)
        for _ in range(1 + retried):  # a double click on Submit
            store.submit_attempt(attempt_id, 0.8, True, {"number": number})


def _worker(url: str, index: int, barrier: Any, results: Any) -> None:
    """One process: wait for the others, open the store, record, report timings and retries."""
    retries: list[int] = []
    barrier.wait(timeout=120)
    started, startup_cpu = time.time(), time.process_time()
    with Store(url, on_retry=lambda attempt, _pause: retries.append(attempt), tries=8) as store:
        _record_attempts(store, index)
    write_cpu = time.process_time() - startup_cpu
    results.put((started, time.time(), startup_cpu, write_cpu, len(retries)))


def _collect(workers: list[Any], barrier: Any, results: Any) -> list[tuple[float, ...]]:
    """Each worker's report; if one fails, release the others instead of waiting for it."""
    reports: list[tuple[float, ...]] = []
    deadline = time.monotonic() + 300
    while len(reports) < len(workers) and time.monotonic() < deadline:
        try:
            reports.append(results.get(timeout=1))
        except queue.Empty:
            if any(worker.exitcode not in (None, 0) for worker in workers):
                barrier.abort()
                break
    for worker in workers:
        worker.join(timeout=30)
        if worker.is_alive():
            worker.terminate()
            worker.join()
    return reports


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("learners", "attempts", "responses", "submissions")
            }
    finally:
        engine.dispose()


def test_thirty_processes_lose_and_double_nothing(store_url):
    """Do 30 processes x 10 attempts, written at once with retries, leave exactly 300 of each?"""
    # Each process is forked from a server that has imported the store once (as a pool of
    # page kernels would have), rather than started afresh: 30 fresh imports cost more CPU
    # than the writes under test.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["caserate_kit.course.records._store", __name__])
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(target=_worker, args=(store_url, index, barrier, results))
        for index in range(PROCESSES)
    ]
    began = time.time()
    for worker in workers:
        worker.start()
    reports = _collect(workers, barrier, results)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES

    total = PROCESSES * ATTEMPTS_EACH
    assert _counts(store_url) == {
        "learners": PROCESSES,
        "attempts": total,
        "responses": total * len(QUESTIONS),
        "submissions": total,
    }
    with Store(store_url) as store:
        attempts = store.all_attempts()
    assert len({attempt.attempt_id for attempt in attempts}) == total
    assert all(attempt.passed for attempt in attempts)
    _print_timings(store_url, began, reports)


def _print_timings(url: str, began: float, reports: list[tuple[float, ...]]) -> None:
    start, end = min(r[0] for r in reports), max(r[1] for r in reports)
    startup_cpu, write_cpu = sum(r[2] for r in reports), sum(r[3] for r in reports)
    print(
        f"\n{url.split('+')[0].split(':')[0]}: {PROCESSES} processes ready after "
        f"{start - began:.1f} s ({startup_cpu:.1f} CPU s importing), wrote in {end - start:.1f} s "
        f"({write_cpu:.1f} CPU s in the writers), {sum(r[4] for r in reports):.0f} retries"
    )
