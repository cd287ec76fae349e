"""The caserate-course command: validate, its output and its exit codes."""

import re
import shutil
from pathlib import Path

import pytest

from caserate_kit.course.server._cli import build_parser, main

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[2] / "quizzes" / "sample.yaml"
BROKEN = HERE.parent / "quiz" / "broken_banks"
PROBLEM_LINE = re.compile(r"^[^:]+:\d+: \S.*: .+$")


def test_validate_with_a_good_bank_exits_zero_and_summarises_it(capsys):
    """Does a good bank give exit code 0 and one line with items, objectives and the draw?"""
    assert main(["validate", str(SAMPLE)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert "sample-case-rate-basics" in line
    assert (
        "14 items, 4 objectives; each attempt draws 7 (what 2, cases 2, rates 2, steps 1)" in line
    )


def test_validate_with_a_broken_bank_exits_one_and_prints_file_line_item_message(capsys):
    """Does a broken bank give exit code 1 and a FILE:LINE: ITEM_ID: message line?"""
    assert main(["validate", str(BROKEN / "missing_rationale.yaml")]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.endswith(
        ":11: missing-rationale-1: rationale is missing; every item needs a "
        "rationale that explains the answer"
    )


def test_validate_ends_with_a_count_of_problems_on_the_error_stream(capsys):
    """Is the problem count written to stderr, leaving stdout to the problem lines?"""
    main(["validate", str(BROKEN / "missing_rationale.yaml")])
    assert capsys.readouterr().err.strip() == "1 problem in 1 file(s)."


def test_validate_of_a_folder_reports_every_problem_of_every_bank(capsys):
    """Does validating broken_banks/ flag every file in it (expected.yaml is no bank either)?"""
    assert main(["validate", str(BROKEN)]) == 1
    lines = capsys.readouterr().out.splitlines()
    files = {line.split(":", 1)[0] for line in lines}
    assert len(files) == len(list(BROKEN.glob("*.yaml")))
    assert all(PROBLEM_LINE.match(line) for line in lines), lines


def test_validate_output_is_sorted_by_file_and_line(capsys):
    """Are the printed problems in file order, then line order?"""
    main(["validate", str(BROKEN)])
    lines = capsys.readouterr().out.splitlines()
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys)


def test_validate_without_paths_checks_the_course_quizzes_folder(tmp_path, monkeypatch, capsys):
    """With no paths, does validate check quizzes/ in the course folder?"""
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "lessons").mkdir()
    shutil.copy(SAMPLE, tmp_path / "quizzes" / "sample.yaml")
    monkeypatch.setenv("CASERATE_COURSE_ROOT", str(tmp_path))
    assert main(["validate"]) == 0
    assert "sample-case-rate-basics" in capsys.readouterr().out


def test_the_course_own_banks_are_all_valid(capsys):
    """Does `caserate-course validate --strict` pass on this course's quizzes/ folder?"""
    assert main(["validate", "--strict"]) == 0, capsys.readouterr().out
    assert "warning" not in capsys.readouterr().out


def test_warnings_are_printed_but_fail_only_with_strict(tmp_path, capsys):
    """Does a bank with a cue pass validate with a warning line, and fail validate --strict?"""
    bank = tmp_path / "cue.yaml"
    bank.write_text(
        "schema_version: 1\n"
        "quiz: {id: cue, title: Cues, time_estimate_minutes: 5}\n"
        "objectives: [{id: basics, text: Name the basics}]\n"
        "items:\n"
        "  - id: cue-1\n"
        "    type: true_false\n"
        "    objective: basics\n"
        "    prompt: A case rate is always enough.\n"
        "    answer: false\n"
        "    feedback: {true: 'No.', false: 'Yes.'}\n"
        "    rationale: It is an average.\n",
        encoding="utf-8",
    )
    assert main(["validate", str(bank)]) == 0
    out = capsys.readouterr().out
    assert "(warning)" in out
    assert "--strict counts them as problems" in out
    assert main(["validate", "--strict", str(bank)]) == 1
    captured = capsys.readouterr()
    assert "(warning)" not in captured.out
    assert "problem" in captured.err


def test_validate_of_a_missing_path_exits_one(tmp_path, capsys):
    """Is a path that does not exist a problem (exit 1), not a crash?"""
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert "there is no such file or folder" in capsys.readouterr().out


def test_a_yaml_error_prints_one_line_and_no_traceback(capsys):
    """Does a bank that is not YAML print one problem line and no traceback?"""
    assert main(["validate", str(BROKEN / "not_yaml.yaml")]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert len(captured.out.splitlines()) == 1


def test_no_subcommand_is_a_usage_error():
    """Does running the command with no subcommand exit with argparse's usage code 2?"""
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2


def test_the_parser_lists_validate_as_a_subcommand():
    """Does --help name the validate subcommand, so new ones can sit beside it?"""
    assert "validate" in build_parser().format_help()
