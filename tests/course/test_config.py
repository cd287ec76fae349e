"""course.toml: read, checked, and every mistake named by file, key and value."""

from datetime import date
from pathlib import Path

import pytest

import caserate_kit as ck
from caserate_kit.course._catalog import LESSONS, course_id, lesson_for
from caserate_kit.course._config import (
    CourseConfigError,
    PostTestPacing,
    RefresherSettings,
    load_config,
)

ROOT = Path(__file__).resolve().parents[2]

VALID = """
[provider]
name = "Test Provider"
approval_number = "T-1"
approval_statement = "Test Provider is approved by a test board to sponsor CE."
contact = "ce@test.example"

[certificate]
signatory_name = "Pat Doe, PhD"
signatory_title = "Training Director"
default_format = "live"

[ce_hours]
words_per_minute = 180
minutes_per_test_item = 1.5
minimum_hours = 0.5

[records]
retention_years = 6

[content]
author = "Alex Author, LCSW"
reviewer = "Riley Reviewer, PhD"
release_date = 2026-01-15
review_date = 2028-01-15
conflicts_of_interest = "None."
commercial_support = "None."
"""


def write(tmp_path, text):
    path = tmp_path / "course.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_course_toml_is_valid():
    """Does the example course.toml in the course folder load without errors?"""
    config = load_config(ROOT / "course.toml")
    assert config.certificate.default_format in ("home study", "live")


def test_shipped_provider_is_marked_as_an_example():
    """Is the invented Riverbend provider flagged, so its certificates print SAMPLE?"""
    config = load_config(ROOT / "course.toml")
    assert "Riverbend" in config.provider.name
    assert config.provider.example is True


def test_valid_file_is_read_into_its_fields(tmp_path):
    """Are provider, signatory, hours constants and retention read as written?"""
    config = load_config(write(tmp_path, VALID))
    assert config.provider.name == "Test Provider"
    assert config.provider.example is False
    assert config.certificate.signatory_title == "Training Director"
    assert config.hours_formula.words_per_minute == 180
    assert config.retention_years == 6


def test_default_location_follows_caserate_config(tmp_path, monkeypatch):
    """Without a path, is the file named by CASERATE_CONFIG read?"""
    monkeypatch.setenv("CASERATE_CONFIG", str(write(tmp_path, VALID)))
    assert load_config().provider.approval_number == "T-1"


def test_long_text_is_joined_into_one_line(tmp_path):
    """Is a multi-line approval statement read as one line of text?"""
    lines = [line for line in VALID.splitlines() if not line.startswith("approval_statement")]
    lines.insert(4, 'approval_statement = """\nTest Provider\n  is approved.\n"""')
    config = load_config(write(tmp_path, "\n".join(lines)))
    assert config.provider.approval_statement == "Test Provider is approved."


def test_missing_key_names_the_file_and_the_key(tmp_path):
    """Does a missing signatory name say which file and which key?"""
    path = write(tmp_path, VALID.replace('signatory_name = "Pat Doe, PhD"\n', ""))
    with pytest.raises(CourseConfigError, match=r"certificate\.signatory_name is missing") as error:
        load_config(path)
    assert str(path) in str(error.value)


def test_wrong_type_names_file_key_and_value(tmp_path):
    """Does a number where text belongs name the file, the key and the number?"""
    path = write(tmp_path, VALID.replace('name = "Test Provider"', "name = 42"))
    with pytest.raises(CourseConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: provider.name must be text in quotes, not empty; got 42"


def test_config_errors_are_invalid_input_errors(tmp_path):
    """Can callers catch config mistakes like every other bad input?"""
    path = write(tmp_path, VALID.replace('contact = "ce@test.example"', 'contact = ""'))
    with pytest.raises(ck.InvalidInputError, match=r"provider\.contact"):
        load_config(path)


def test_unknown_format_is_refused(tmp_path):
    """Is default_format "online" refused, naming the two allowed formats?"""
    path = write(tmp_path, VALID.replace('"live"', '"online"'))
    with pytest.raises(CourseConfigError, match='default_format must be "home study" or "live"'):
        load_config(path)


def test_misspelled_key_is_refused(tmp_path):
    """Is a typo such as retention_year refused rather than ignored?"""
    path = write(tmp_path, VALID.replace("retention_years", "retention_year"))
    with pytest.raises(CourseConfigError, match=r"records\.retention_year is not a known key"):
        load_config(path)


def test_unknown_table_is_refused(tmp_path):
    """Is a table the course does not use, such as [course], refused?"""
    path = write(tmp_path, VALID + '\n[course]\ntitle = "x"\n')
    with pytest.raises(CourseConfigError, match="course is not a known table"):
        load_config(path)


def test_missing_table_is_named(tmp_path):
    """Does a file without [records] say the table is missing?"""
    path = write(tmp_path, VALID.split("[records]")[0])
    with pytest.raises(CourseConfigError, match=r"\[records\] is missing"):
        load_config(path)


def test_bad_hours_constant_is_named_under_ce_hours(tmp_path):
    """Is a reading rate of 0 named as ce_hours.words_per_minute with its value?"""
    path = write(tmp_path, VALID.replace("words_per_minute = 180", "words_per_minute = 0"))
    with pytest.raises(
        CourseConfigError, match=r"ce_hours\.words_per_minute must be greater than zero; got 0"
    ):
        load_config(path)


def test_minimum_hours_must_be_quarter_hours(tmp_path):
    """Is minimum_hours = 0.3 refused, naming the key?"""
    path = write(tmp_path, VALID.replace("minimum_hours = 0.5", "minimum_hours = 0.3"))
    with pytest.raises(
        CourseConfigError, match=r"ce_hours\.minimum_hours .*quarter hours; got 0\.3"
    ):
        load_config(path)


@pytest.mark.parametrize("years", ["2.5", "0", "true", '"four"'])
def test_retention_years_must_be_whole_years(tmp_path, years):
    """Are 2.5, 0, true and "four" refused as retention periods?"""
    path = write(tmp_path, VALID.replace("retention_years = 6", f"retention_years = {years}"))
    with pytest.raises(CourseConfigError, match=r"records\.retention_years must be a whole number"):
        load_config(path)


def test_a_sign_in_lasts_twelve_hours_unless_set(tmp_path):
    """Without [sign_in], is a session 12 hours; with it, the hours written?"""
    assert load_config(write(tmp_path, VALID)).session_hours == 12
    set_hours = VALID + "\n[sign_in]\nsession_hours = 2.5\n"
    assert load_config(write(tmp_path, set_hours)).session_hours == 2.5


@pytest.mark.parametrize("hours", ["0", "-3", "721", "true", '"twelve"'])
def test_session_hours_out_of_range_are_named(tmp_path, hours):
    """Are 0, negative, over 720, true and text refused, naming sign_in.session_hours?"""
    path = write(tmp_path, VALID + f"\n[sign_in]\nsession_hours = {hours}\n")
    with pytest.raises(CourseConfigError, match=r"sign_in\.session_hours must be a number"):
        load_config(path)


def test_an_unknown_sign_in_key_is_refused(tmp_path):
    """Is a misspelled key under [sign_in] refused, naming it?"""
    path = write(tmp_path, VALID + "\n[sign_in]\nsession_hour = 3\n")
    with pytest.raises(CourseConfigError, match=r"sign_in\.session_hour is not a known key"):
        load_config(path)


def test_example_flag_must_be_true_or_false(tmp_path):
    """Is example = "yes" refused?"""
    path = write(tmp_path, VALID.replace('contact = "', 'example = "yes"\ncontact = "'))
    with pytest.raises(CourseConfigError, match=r"provider\.example must be true or false"):
        load_config(path)


def test_missing_file_is_named(tmp_path):
    """Does a missing course.toml name the path it looked for?"""
    with pytest.raises(CourseConfigError, match="does not exist") as error:
        load_config(tmp_path / "nowhere.toml")
    assert "nowhere.toml" in str(error.value)


def test_invalid_toml_names_the_file_and_the_line(tmp_path):
    """Does a syntax error name the file and where in it the mistake is?"""
    path = write(tmp_path, VALID.replace('name = "Test Provider"', "name = Test Provider"))
    with pytest.raises(CourseConfigError, match=r"is not valid TOML: .*line 3") as error:
        load_config(path)
    assert str(path) in str(error.value)


def test_course_ids_follow_lesson_numbers():
    """Is lesson 1's course id lesson-01?"""
    assert [course_id(lesson) for lesson in LESSONS][:2] == ["lesson-01", "lesson-02"]


def test_course_title_comes_from_the_catalog():
    """Is each course id's title the lesson title the learner saw?"""
    assert all(lesson_for(course_id(lesson)).title == lesson.title for lesson in LESSONS)


def test_unknown_course_id_is_refused():
    """Is lesson-99 refused, listing the ids that exist?"""
    with pytest.raises(ck.InvalidInputError, match=r"lesson-01, lesson-02.*got 'lesson-99'"):
        lesson_for("lesson-99")


def test_verify_url_is_optional_and_read_without_a_trailing_slash(tmp_path):
    """Is verify_url empty unless set, and kept as the address given (less a final /)?"""
    assert load_config(write(tmp_path, VALID)).certificate.verify_url == ""
    with_url = VALID.replace(
        "[certificate]\n", '[certificate]\nverify_url = "https://ce.example.org/verify/"\n'
    )
    assert load_config(write(tmp_path, with_url)).certificate.verify_url == (
        "https://ce.example.org/verify"
    )


@pytest.mark.parametrize(
    "url", ["ce.example.org/verify", "ftp://ce.example.org", "https://x.org/v?code=1", "https://"]
)
def test_a_verify_url_that_is_not_a_web_address_is_named(tmp_path, url):
    """Are an address without a scheme, another scheme, a query and no host refused?"""
    text = VALID.replace("[certificate]\n", f'[certificate]\nverify_url = "{url}"\n')
    with pytest.raises(CourseConfigError, match=r"certificate\.verify_url"):
        load_config(write(tmp_path, text))


# [content]: author, reviewer, dates and disclosures --------------------------------


def with_content(text):
    """VALID with ``text`` added at the end of [content] (where lesson tables may follow)."""
    return VALID + text


def test_shipped_content_is_marked_as_an_example():
    """Are the shipped author, reviewer and dates flagged as invented examples?"""
    content = load_config(ROOT / "course.toml").content
    assert content.example is True
    assert content.course.review_date > content.course.release_date


def test_content_is_read_into_its_fields(tmp_path):
    """Are author, reviewer, dates (as dates) and disclosures read as written?"""
    content = load_config(write(tmp_path, VALID)).content
    assert content.example is False
    assert content.course.author == "Alex Author, LCSW"
    assert content.course.reviewer == "Riley Reviewer, PhD"
    assert content.course.release_date == date(2026, 1, 15)
    assert content.course.review_date == date(2028, 1, 15)
    assert content.course.conflicts_of_interest == "None."
    assert content.for_lesson("lesson-03") == content.course


def test_a_date_may_also_be_written_as_quoted_text(tmp_path):
    """Is release_date = "2026-01-15" read as the same date as 2026-01-15?"""
    text = VALID.replace("release_date = 2026-01-15", 'release_date = "2026-01-15"')
    assert load_config(write(tmp_path, text)).content.course.release_date == date(2026, 1, 15)


def test_a_lesson_table_overrides_only_the_keys_it_sets(tmp_path):
    """Does [content.lesson-04] change lesson 4's reviewer and dates, and nothing else?"""
    text = with_content(
        '\n[content.lesson-04]\nreviewer = "Other Reviewer, CPA"\n'
        "release_date = 2026-03-01\nreview_date = 2027-03-01\n"
    )
    content = load_config(write(tmp_path, text)).content
    own = content.for_lesson("lesson-04")
    assert own.reviewer == "Other Reviewer, CPA"
    assert (own.release_date, own.review_date) == (date(2026, 3, 1), date(2027, 3, 1))
    assert own.author == content.course.author
    assert own.commercial_support == content.course.commercial_support
    assert content.for_lesson("lesson-05") == content.course


def test_missing_content_table_is_named(tmp_path):
    """Does a file without [content] say the table is missing?"""
    path = write(tmp_path, VALID.split("[content]")[0])
    with pytest.raises(CourseConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: [content] is missing (add the table)"


@pytest.mark.parametrize(
    "key",
    [
        "author",
        "reviewer",
        "release_date",
        "review_date",
        "conflicts_of_interest",
        "commercial_support",
    ],
)
def test_every_missing_content_key_is_named(tmp_path, key):
    """Does a [content] without one of its keys name that key?"""
    lines = [line for line in VALID.splitlines() if not line.startswith(f"{key} =")]
    path = write(tmp_path, "\n".join(lines))
    with pytest.raises(CourseConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: content.{key} is missing; add it under [content]"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("author = 42", "content.author must be text in quotes, not empty; got 42"),
        ('reviewer = ""', "content.reviewer must be text in quotes, not empty; got ''"),
        (
            "commercial_support = false",
            "content.commercial_support must be text in quotes, not empty; got False",
        ),
        ('example = "yes"', "content.example must be true or false; got 'yes'"),
        (
            "review_date = 12",
            "content.review_date must be a date written year-month-day, such as 2026-01-15; got 12",
        ),
        (
            'release_date = "next spring"',
            "content.release_date must be a date written year-month-day, such as 2026-01-15; "
            "got 'next spring'",
        ),
        (
            'release_date = "15/01/2026"',
            "content.release_date must be a date written year-month-day, such as 2026-01-15; "
            "got '15/01/2026'",
        ),
        (
            'release_date = "2026-02-30"',
            "content.release_date is not a date on the calendar (year-month-day); got '2026-02-30'",
        ),
        (
            "release_date = 2026-01-15T09:30:00",
            "content.release_date must be a date without a time, such as 2026-01-15; "
            "got '2026-01-15 09:30:00'",
        ),
    ],
)
def test_a_wrong_content_value_names_key_and_value(tmp_path, line, message):
    """Is each wrong type or bad date refused with a message naming the key and the value?"""
    key = line.split(" = ")[0]
    kept = [row for row in VALID.splitlines() if not row.startswith(f"{key} =")]
    path = write(tmp_path, "\n".join(kept) + f"\n{line}\n")
    with pytest.raises(CourseConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: {message}"


@pytest.mark.parametrize("review", ["2025-12-31", "2026-01-15"])
def test_a_review_date_not_after_the_release_is_refused(tmp_path, review):
    """Is a next review on or before the release date refused, naming both dates?"""
    path = write(tmp_path, VALID.replace("review_date = 2028-01-15", f"review_date = {review}"))
    with pytest.raises(CourseConfigError) as error:
        load_config(path)
    assert str(error.value) == (
        f"{path}: content.review_date must come after the release date (2026-01-15); got '{review}'"
    )


def test_a_lesson_released_after_the_course_review_date_is_named_in_its_table(tmp_path):
    """Is a lesson's own release date past the course's review date named under its table?"""
    path = write(tmp_path, with_content("\n[content.lesson-02]\nrelease_date = 2028-06-01\n"))
    with pytest.raises(CourseConfigError) as error:
        load_config(path)
    assert str(error.value) == (
        f"{path}: content.lesson-02.release_date must come before the review date (2028-01-15); "
        "got '2028-06-01'"
    )


def test_a_lesson_review_date_before_its_release_is_named_in_its_table(tmp_path):
    """Is a lesson's own review date before the course's release named under its table?"""
    path = write(tmp_path, with_content("\n[content.lesson-06]\nreview_date = 2025-06-01\n"))
    with pytest.raises(CourseConfigError, match=r"content\.lesson-06\.review_date must come after"):
        load_config(path)


def test_the_reviewer_must_not_be_the_author(tmp_path):
    """Is a reviewer who is the author (in any case) refused?"""
    path = write(tmp_path, VALID.replace('"Riley Reviewer, PhD"', '"alex author, lcsw"'))
    with pytest.raises(CourseConfigError) as error:
        load_config(path)
    assert str(error.value) == (
        f"{path}: content.reviewer must name a reviewer other than the author; "
        "got 'alex author, lcsw'"
    )


def test_a_lesson_author_who_is_the_course_reviewer_is_named_in_its_table(tmp_path):
    """Is a lesson's own author who is also its (course-wide) reviewer refused under its table?"""
    path = write(tmp_path, with_content('\n[content.lesson-01]\nauthor = "Riley Reviewer, PhD"\n'))
    with pytest.raises(CourseConfigError, match=r"content\.lesson-01\.author must name a reviewer"):
        load_config(path)


def test_an_unknown_content_key_is_refused_listing_the_known_ones(tmp_path):
    """Is a typo such as authors refused, listing the keys and the lesson tables?"""
    path = write(tmp_path, VALID.replace('author = "', 'authors = "'))
    with pytest.raises(CourseConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert "content.authors is not a known key" in message
    assert "release_date" in message
    assert "[content.lesson-01] ... [content.lesson-06]" in message


def test_a_table_for_a_lesson_the_course_lacks_is_refused(tmp_path):
    """Is [content.lesson-09] refused as an unknown key?"""
    path = write(tmp_path, with_content('\n[content.lesson-09]\nauthor = "X"\n'))
    with pytest.raises(CourseConfigError, match=r"content\.lesson-09 is not a known key"):
        load_config(path)


def test_an_unknown_key_in_a_lesson_table_is_named_with_the_table(tmp_path):
    """Is example = true inside [content.lesson-03] refused, naming the lesson's table?"""
    path = write(tmp_path, with_content("\n[content.lesson-03]\nexample = true\n"))
    with pytest.raises(CourseConfigError, match=r"content\.lesson-03\.example is not a known key"):
        load_config(path)


def test_a_lesson_entry_that_is_not_a_table_is_refused(tmp_path):
    """Is lesson-04 = "Dr X" under [content] refused, showing how to write the table?"""
    text = VALID.replace("[content]\n", '[content]\nlesson-04 = "Dr X"\n')
    path = write(tmp_path, text)
    with pytest.raises(CourseConfigError) as error:
        load_config(path)
    assert str(error.value) == (
        f"{path}: content.lesson-04 must be a table, written [content.lesson-04]; got 'Dr X'"
    )


def test_a_wrong_value_in_a_lesson_table_is_named_with_the_table(tmp_path):
    """Is a bad date in [content.lesson-05] named as content.lesson-05.review_date?"""
    path = write(tmp_path, with_content('\n[content.lesson-05]\nreview_date = "soon"\n'))
    with pytest.raises(CourseConfigError, match=r"content\.lesson-05\.review_date must be a date"):
        load_config(path)


def test_a_disclosure_too_long_to_show_is_refused(tmp_path):
    """Is a conflicts-of-interest text over 400 characters refused, naming the limit?"""
    long = "x" * 401
    path = write(
        tmp_path,
        VALID.replace('conflicts_of_interest = "None."', f'conflicts_of_interest = "{long}"'),
    )
    with pytest.raises(
        CourseConfigError, match=r"content\.conflicts_of_interest must be at most 400"
    ):
        load_config(path)


def test_the_refresher_defaults_and_the_shipped_settings():
    """Without [refresher], 14 days and 6 questions; does the shipped file say the same?"""
    assert RefresherSettings() == RefresherSettings(days_after_pass=14, questions=6)
    assert load_config(ROOT / "course.toml").refresher == RefresherSettings(14, 6)


def test_the_refresher_settings_are_read(tmp_path):
    """Are days_after_pass = 0 (turned off) and questions = 4 read as written?"""
    path = write(tmp_path, VALID + "\n[refresher]\ndays_after_pass = 0\nquestions = 4\n")
    assert load_config(path).refresher == RefresherSettings(0, 4)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("days_after_pass = -1", r"refresher\.days_after_pass must be a whole number of days"),
        ("days_after_pass = 7.5", r"refresher\.days_after_pass must be a whole number of days"),
        ("days_after_pass = true", r"refresher\.days_after_pass must be a whole number of days"),
        ("questions = 0", r"refresher\.questions must be a whole number of questions"),
        ("questions = 31", r"refresher\.questions must be a whole number of questions"),
        ("question = 5", r"refresher\.question is not a known key"),
    ],
)
def test_a_bad_refresher_setting_is_named(tmp_path, line, message):
    """Is each impossible refresher setting refused, naming the key and the value?"""
    path = write(tmp_path, VALID + f"\n[refresher]\n{line}\n")
    with pytest.raises(CourseConfigError, match=message):
        load_config(path)


def test_the_posttest_pacing_defaults_and_the_shipped_settings(tmp_path):
    """Without [posttest], half the reading time, 10 minutes, 4 tries a day; the shipped file
    says the same, and a file without the table gets the defaults?"""
    assert PostTestPacing() == PostTestPacing(0.5, 10, 4)
    assert load_config(ROOT / "course.toml").posttest == PostTestPacing(0.5, 10, 4)
    assert load_config(write(tmp_path, VALID)).posttest == PostTestPacing()


def test_the_posttest_pacing_is_read(tmp_path):
    """Are the three rules read as written, 0 turning each off?"""
    table = "\n[posttest]\nminimum_reading_share = 0\nretake_wait_minutes = 30\ntries_per_day = 0\n"
    assert load_config(write(tmp_path, VALID + table)).posttest == PostTestPacing(0, 30, 0)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("minimum_reading_share = 1.5", r"posttest\.minimum_reading_share must be a share"),
        ("minimum_reading_share = true", r"posttest\.minimum_reading_share must be a share"),
        ("retake_wait_minutes = -5", r"posttest\.retake_wait_minutes must be a whole number"),
        ("retake_wait_minutes = 2.5", r"posttest\.retake_wait_minutes must be a whole number"),
        ("tries_per_day = 101", r"posttest\.tries_per_day must be a whole number of tries"),
        ("tries_a_day = 3", r"posttest\.tries_a_day is not a known key"),
    ],
)
def test_a_bad_posttest_setting_is_named(tmp_path, line, message):
    """Is each impossible pacing setting refused, naming the key and the value?"""
    with pytest.raises(CourseConfigError, match=message):
        load_config(write(tmp_path, VALID + f"\n[posttest]\n{line}\n"))
