"""Refreshers: missed items first, mixed across lessons, graded with the answers shown."""

from collections import Counter

from caserate_kit.course._paths import quizzes_dir
from caserate_kit.course.quiz import draw_practice, load_bank
from caserate_kit.course.widgets._posttest import PostTestWidget


def banks(*numbers):
    return [load_bank(quizzes_dir() / f"lesson-{n:02d}.yaml") for n in numbers]


def test_the_items_missed_come_first_and_from_every_lesson():
    """With two missed items in each of two lessons and six questions, are all four drawn?"""
    one, two = banks(1, 2)
    missed = {one.id: {i.id for i in one.items[:2]}, two.id: {i.id for i in two.items[-2:]}}
    for seed in range(20):
        practice = draw_practice([(one, missed[one.id]), (two, missed[two.id])], 6, seed)
        ids = {shown.item.id for shown in practice.items}
        assert missed[one.id] | missed[two.id] <= ids
        assert len(practice.items) == 6
        assert set(Counter(practice.sources.values())) == {one.id, two.id}


def test_more_missed_than_asked_are_taken_in_turns_across_lessons():
    """With many missed items, does the draw take turns between lessons (a mixed set)?"""
    one, two = banks(3, 4)
    pools = [(one, {i.id for i in one.items}), (two, {i.id for i in two.items})]
    practice = draw_practice(pools, 6, seed=4)
    assert Counter(practice.sources.values()) == {one.id: 3, two.id: 3}


def test_the_same_seed_gives_the_same_refresher_and_its_view_holds_no_answer():
    """Is a refresher reproducible, and does its view pass the post-test widget's checks?"""
    pools = [(bank, set()) for bank in banks(5, 6)]
    first, again = draw_practice(pools, 5, 9), draw_practice(pools, 5, 9)
    assert first.view() == again.view()
    view = first.view()
    assert view["practice"] is True
    assert len(view["questions"]) == 5
    widget = PostTestWidget()
    widget.load(view)  # refused if the view carried a key the page may not see
    assert widget.view == view


def test_grading_shows_the_right_answers_and_keeps_the_lesson_of_each_question():
    """Does a graded refresher show right answers, count none right when blank, and record ids?"""
    (one,) = banks(1)
    practice = draw_practice([(one, set())], 4, seed=2)
    results = practice.grade({})
    view = practice.result_view(results)
    assert (view["correct_count"], view["total"], view["score"]) == (0, 4, 0.0)
    assert all("correct_answer" in item for item in view["items"])
    record = practice.record(results)
    assert [entry["quiz_id"] for entry in record["items"]] == [one.id] * 4
    assert {entry["item_id"] for entry in record["items"]} <= {i.id for i in one.items}


def test_asking_for_more_questions_than_there_are_gives_them_all():
    """Does a refresher larger than the banks simply hold every item once?"""
    (one,) = banks(2)
    practice = draw_practice([(one, set())], 500, seed=1)
    assert sorted(s.item.id for s in practice.items) == sorted(i.id for i in one.items)


def test_a_refresher_never_holds_two_items_kept_apart():
    """With both items of each lesson 4 not_with pair missed, does a refresher take at most
    one of each pair, and still fill up to the count with other items?"""
    (four,) = banks(4)
    assert four.apart
    pairs = [(a, b) for a, others in four.apart.items() for b in others]
    missed = set(four.apart)
    for seed in range(50):
        practice = draw_practice([(four, missed)], 8, seed)
        ids = {shown.item.id for shown in practice.items}
        assert not any({a, b} <= ids for a, b in pairs), ids
        assert len(practice.items) == 8
