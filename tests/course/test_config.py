"""course.toml: read, checked, and every mistake named by file, key and value."""

from pathlib import Path

import pytest

import caserate_kit as ck
from caserate_kit.course._catalog import LESSONS, course_id, lesson_for
from caserate_kit.course._config import CourseConfigError, load_config

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
