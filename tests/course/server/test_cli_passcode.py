"""``caserate-course trainer-passcode``: hidden prompts, ``--stdin``, never an argument."""

import getpass
import io

import pytest

from caserate_kit.course import _passcode
from caserate_kit.course._passcode import check_trainer_passcode, trainer_passcode_is_set
from caserate_kit.course.server._cli import main

PASSCODE = "violet harbor 58!"


class Terminal(io.StringIO):
    """Standard input that says it is a terminal."""

    def isatty(self):
        return True


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A fresh data folder, and cheap hashing to keep the tests quick."""
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(_passcode, "_COST", _passcode._Cost(2**10, 8, 1))
    return tmp_path / "data"


@pytest.fixture
def typed(monkeypatch):
    """Make the hidden prompt answer with the given texts, in order; returns the prompts shown."""
    prompts = []

    def answer(*texts):
        replies = iter(texts)

        def fake_getpass(prompt=""):
            prompts.append(prompt)
            return next(replies)

        monkeypatch.setattr("sys.stdin", Terminal())
        monkeypatch.setattr(getpass, "getpass", fake_getpass)
        return prompts

    return answer


def test_stdin_sets_the_passcode_from_its_first_line(monkeypatch):
    """Does ``--stdin`` store the first line (without its newline) and exit 0?"""
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSCODE + "\n"))
    assert main(["trainer-passcode", "--stdin"]) == 0
    assert check_trainer_passcode(PASSCODE)


def test_success_says_where_the_hash_was_stored(monkeypatch, capsys, data_dir):
    """Does the command print the file it wrote, and never the passcode?"""
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSCODE + "\n"))
    main(["trainer-passcode", "--stdin"])
    out = capsys.readouterr().out
    assert str(data_dir / "trainer-passcode") in out
    assert PASSCODE not in out


def test_the_terminal_prompt_asks_twice_and_stores_the_passcode(typed):
    """In a terminal, is the passcode asked for twice, hidden, then stored?"""
    prompts = typed(PASSCODE, PASSCODE)
    assert main(["trainer-passcode"]) == 0
    assert len(prompts) == 2
    assert check_trainer_passcode(PASSCODE)


def test_two_different_entries_change_nothing(typed, capsys):
    """When the second entry differs, does it exit 1, say so, and store nothing?"""
    typed(PASSCODE, PASSCODE + "x")
    assert main(["trainer-passcode"]) == 1
    assert "not the same" in capsys.readouterr().err
    assert not trainer_passcode_is_set()


def test_a_short_passcode_is_refused_before_asking_again(typed, capsys):
    """Is a too-short first entry refused with the rule, without a second prompt?"""
    prompts = typed("violet harb", "violet harb")
    assert main(["trainer-passcode"]) == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert len(prompts) == 1
    assert "at least 12 characters" in prompts[0]


def test_a_short_passcode_on_stdin_is_refused_with_the_rule(monkeypatch, capsys):
    """Is a too-short passcode on standard input refused, naming the rule?"""
    monkeypatch.setattr("sys.stdin", io.StringIO("violet harb\n"))
    assert main(["trainer-passcode", "--stdin"]) == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert not trainer_passcode_is_set()


@pytest.mark.parametrize(
    ("weak", "rule"),
    [
        ("Password12345", "most common passwords"),
        ("123456789012345", "most common passwords"),
        ("zzzzzzzzzzzzzz", "repeats the same few characters"),
        ("Case Rates 2031", "the course's name"),
    ],
)
def test_a_passcode_easy_to_guess_is_refused_with_a_clear_message(monkeypatch, capsys, weak, rule):
    """Is a common or patterned passcode refused, saying why, what to do, and that nothing
    changed?"""
    monkeypatch.setattr("sys.stdin", io.StringIO(weak + "\n"))
    assert main(["trainer-passcode", "--stdin"]) == 1
    err = capsys.readouterr().err
    assert rule in err
    assert "three or four unrelated words" in err
    assert "Nothing was changed" in err
    assert weak not in err
    assert not trainer_passcode_is_set()


def test_an_easy_passcode_typed_at_the_prompt_is_refused_before_asking_again(typed, capsys):
    """Is a common password refused at the first prompt, without asking for it again?"""
    prompts = typed("qwertyuiop12", "qwertyuiop12")
    assert main(["trainer-passcode"]) == 1
    assert "most common passwords" in capsys.readouterr().err
    assert len(prompts) == 1


def test_without_a_terminal_it_asks_for_stdin_instead_of_prompting(monkeypatch, capsys):
    """With piped input and no ``--stdin``, does it exit 1 and point to ``--stdin``?"""
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSCODE + "\n"))
    assert main(["trainer-passcode"]) == 1
    assert "--stdin" in capsys.readouterr().err
    assert not trainer_passcode_is_set()


def test_the_passcode_is_never_accepted_as_an_argument(capsys):
    """Is ``trainer-passcode SECRET`` rejected (it would land in the shell history)?"""
    with pytest.raises(SystemExit) as exited:
        main(["trainer-passcode", PASSCODE])
    assert exited.value.code == 2
    assert not trainer_passcode_is_set()


def test_setting_it_again_says_it_replaced_the_old_one(monkeypatch, capsys):
    """Does a second run say "Replaced" and make the new passcode the one that works?"""
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSCODE + "\n"))
    main(["trainer-passcode", "--stdin"])
    monkeypatch.setattr("sys.stdin", io.StringIO("another passcode\n"))
    assert main(["trainer-passcode", "--stdin"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("Replaced")
    assert check_trainer_passcode("another passcode")


def test_help_lists_the_trainer_passcode_command(capsys):
    """Does ``caserate-course --help`` list ``trainer-passcode``?"""
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "trainer-passcode" in capsys.readouterr().out
