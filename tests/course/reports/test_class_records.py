"""The class's records as the trainer dashboard reads them, and the roster built from them.

The class (``records_url`` in ``conftest.py``): Ada passed lesson 1 on her second
try, Ben failed it once, and Cal has only opened lesson 3.
"""

from caserate_kit.course.records._store import Store
from caserate_kit.course.reports._class_records import read_class_records, roster


def test_roster_gives_each_learner_a_status_per_lesson(records_url, names):
    """Are the statuses Passed (Ada), Not passed yet (Ben) and Reading the lesson (Cal)?"""
    with Store(records_url) as store:
        table = roster(read_class_records(store))
    status = {(r["learner"], r["lesson"]): r["status"] for r in table.to_dict("records")}
    assert status == {
        (names[0], "Lesson 1"): "Passed",
        (names[1], "Lesson 1"): "Not passed yet",
        (names[2], "Lesson 3"): "Reading the lesson",
    }


def test_roster_counts_attempts_best_score_and_time(records_url, names):
    """Does Ada's row show 2 attempts, best score 100% and 25 minutes in the lesson?"""
    with Store(records_url) as store:
        table = roster(read_class_records(store))
    ada = table[table["learner"] == names[0]].iloc[0]
    assert (ada["attempts"], ada["best_score_percent"], ada["minutes_in_lesson"]) == (2, 100, 25)
