"""The ``caserate-course`` command.

Usage::

    caserate-course serve [--host --port --class-size --behind-proxy]  start the course
    caserate-course validate [PATHS ...]     check question banks
    caserate-course verify CODE              is this certificate genuine, and whose is it?
    caserate-course report [--out FILE]      CSV: learner, course, attempts, best score, ...
    caserate-course export-xapi [--out FILE] xAPI statements: attempted, passed, failed...
    caserate-course send-records [--once]    send statements to the LRS and grades to the LMS
    caserate-course trainer-passcode [--stdin] set the passcode of the trainer dashboard
    caserate-course learners [--email EMAIL]  list learner records (id, name, email)
    caserate-course reset-code LEARNER       give a learner (email or id) a new personal code
    caserate-course merge-learners ID INTO   record that two learner records are one person

Commands that only read the records (``verify``, ``report``, ``export-xapi``,
``learners``) open them read-only and create nothing; every command that opens
them refuses a damaged SQLite file, and those that use the course secret refuse
a missing or different ``secret.key``. Such errors, and any database or file
error, end in one line on standard error (``caserate-course: error: ...``) and
exit status 2, never a traceback.

Each subcommand is one small function; :func:`build_parser` lists them. To
add one, write ``_add_<name>(subparsers)`` that registers its arguments and
sets ``run=`` to a function taking the parsed arguments and returning the
exit code, then add it to ``_SUBCOMMANDS``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .._names import printable
from .._paths import quizzes_dir
from .._yaml import shown_path
from ..quiz import Bank, check_paths

__all__ = ["build_parser", "main"]

if TYPE_CHECKING:
    from ..records import Learner, Store

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _bank_summary(bank: Bank) -> str:
    """One line about a good bank: items, objectives, and what one attempt draws."""
    draws = [(o.id, bank.draw_count(o.id)) for o in bank.objectives]
    per_objective = ", ".join(f"{name} {count}" for name, count in draws)
    total = sum(count for _, count in draws)
    return (
        f"{shown_path(bank.path)}: {bank.id} (version {bank.version}): {len(bank.items)} items, "
        f"{len(bank.objectives)} objectives; each attempt draws {total} ({per_objective})"
    )


def _run_validate(args: argparse.Namespace) -> int:
    paths: list[Path] = list(args.paths)
    if not paths:
        try:
            paths = [quizzes_dir()]
        except FileNotFoundError as error:
            print(error, file=sys.stderr)
            return 1
    report = check_paths(paths)
    problems = [*report.problems, *(report.warnings if args.strict else ())]
    if not args.strict:
        for warning in report.warnings:
            print(f"{warning} (warning)")
    if problems:
        for problem in sorted(problems):
            print(problem)
        count = len(problems)
        files = len({problem.file for problem in problems})
        summary = f"{count} problem{'s' if count != 1 else ''} in {files} file(s)"
        print(f"{summary}.", file=sys.stderr)
        return 1
    for bank in report.banks:
        print(_bank_summary(bank))
    if report.warnings:
        count = len(report.warnings)
        print(f"{count} warning{'s' if count != 1 else ''}; --strict counts them as problems.")
    return 0


def _add_validate(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check question banks and list every problem",
        description=(
            "Check question banks. With no paths, checks every bank in the course's "
            "quizzes/ folder. Prints one line per problem as FILE:LINE: ITEM_ID: message "
            "and exits with 1, or one summary line per bank and exits with 0. Item-quality "
            "warnings (cues a test-wise learner could use) are printed too; with --strict "
            "they are problems."
        ),
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="bank files or folders of them"
    )
    parser.add_argument(
        "--strict", action="store_true", help="count item-quality warnings as problems"
    )
    parser.set_defaults(run=_run_validate)


def _open_records(read_only: bool = False) -> Store:
    """The course records, checked: a damaged SQLite file is refused.

    With ``read_only`` nothing is created: missing records are refused, in one line.
    """
    from ..records import Store

    store = Store(read_only=read_only)  # a read-only store checks the file as it opens
    if not read_only:
        try:
            store.check_integrity()
        except BaseException:
            store.close()
            raise
    return store


def _run_verify(args: argparse.Namespace) -> int:
    from .._secrets import course_secret
    from ..certificates import verify_code

    with _open_records(read_only=True) as store:
        genuine, message = verify_code(store, args.code, course_secret(store))
    print(printable(message))
    return 0 if genuine else 1


def _add_verify(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="say whether a certificate code is genuine and whose certificate it is",
        description=(
            "Check a certificate's verification code against the course records. A code "
            "that was replaced by a correction says so, and names the code that replaced it."
        ),
    )
    parser.add_argument(
        "code",
        metavar="CODE",
        help="the code printed on the certificate (any case; dashes and spaces optional)",
    )
    parser.set_defaults(run=_run_verify)


def _run_report(args: argparse.Namespace) -> int:
    from ..reports import report_command

    print(report_command(args.out), file=sys.stderr)
    return 0


def _run_export_xapi(args: argparse.Namespace) -> int:
    from ..reports import export_xapi_command

    print(export_xapi_command(args.out, base_iri=args.base_iri), file=sys.stderr)
    return 0


def _add_report(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a CSV of every learner's progress and certificates",
        description=(
            "Write one CSV row per learner and course: name, email, license number, course, "
            "attempts, best score, date passed and certificate code (the current one). "
            "Control characters in names are left out."
        ),
    )
    parser.add_argument("--out", default="-", help="file to write (default: standard output)")
    parser.set_defaults(run=_run_report)


def _add_export_xapi(subparsers: Subparsers) -> None:
    from ..reports import DEFAULT_BASE_IRI

    parser = subparsers.add_parser(
        "export-xapi",
        help="write the records as xAPI statements (JSON)",
        description=(
            "Write xAPI statements (attempted, passed, failed, completed, earned) for a learning "
            "record store: the same statements 'send-records' sends live."
        ),
    )
    parser.add_argument("--out", default="-", help="file to write (default: standard output)")
    parser.add_argument(
        "--base-iri",
        default=DEFAULT_BASE_IRI,
        help="your organization's address for activity ids (default: %(default)s)",
    )
    parser.set_defaults(run=_run_export_xapi)


def _run_send_records(args: argparse.Namespace) -> int:
    from ..connections._commands import send_records_command

    return send_records_command(once=args.once, every_seconds=args.every)


def _add_send_records(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "send-records",
        help="send the records to your LRS (xAPI) and grades to your LMS, and keep sending",
        description=(
            "Send every xAPI statement not sent yet to the learning record store "
            "(CASERATE_LRS_URL) and every grade not sent yet to the LMS learners launched "
            "from (CASERATE_LTI_TOKEN_URL), then look again every few seconds. What cannot "
            "be sent now is tried again later, and nothing is sent twice. "
            "'caserate-course serve' does the same in the background."
        ),
    )
    parser.add_argument("--once", action="store_true", help="one round, then stop")
    parser.add_argument(
        "--every", type=float, default=10.0, help="seconds between rounds (default: %(default)s)"
    )
    parser.set_defaults(run=_run_send_records)


def _new_passcode(from_stdin: bool) -> str | None:
    """The new passcode: one line of standard input, or typed twice at a hidden prompt."""
    from .._passcode import MIN_PASSCODE_LENGTH, PasscodeRuleError, validate_passcode

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        print(
            "There is no terminal to type the passcode in. From a script, send it on standard "
            "input and add --stdin, for example: "
            "caserate-course trainer-passcode --stdin < private-file",
            file=sys.stderr,
        )
        return None
    try:
        first = getpass.getpass(
            f"New trainer passcode (at least {MIN_PASSCODE_LENGTH} characters, not a common "
            "password): "
        )
        validate_passcode(first)
        again = getpass.getpass("Type it again: ")
    except PasscodeRuleError as error:
        print(f"{error} Nothing was changed.", file=sys.stderr)
        return None
    except (EOFError, KeyboardInterrupt):
        print("\nStopped. Nothing was changed.", file=sys.stderr)
        return None
    if again != first:
        print("The two passcodes are not the same. Nothing was changed.", file=sys.stderr)
        return None
    return first


def _run_trainer_passcode(args: argparse.Namespace) -> int:
    from .._passcode import PasscodeRuleError, set_trainer_passcode, trainer_passcode_is_set

    passcode = _new_passcode(args.stdin)
    if passcode is None:
        return 1
    replaced = trainer_passcode_is_set()
    try:
        where = set_trainer_passcode(passcode)
    except PasscodeRuleError as error:
        print(f"{error} Nothing was changed.", file=sys.stderr)
        return 1
    print(
        f"{'Replaced' if replaced else 'Set'} the trainer passcode. Only a salted hash of it is "
        f"stored, in {where}. Trainers type the passcode on the trainer dashboard "
        "(notebooks/trainer.ipynb) to unlock it."
    )
    return 0


def _add_trainer_passcode(subparsers: Subparsers) -> None:
    from .._passcode import MIN_PASSCODE_LENGTH

    parser = subparsers.add_parser(
        "trainer-passcode",
        help="set the passcode that unlocks the trainer dashboard",
        description=(
            "Set (or replace) the passcode that unlocks the trainer dashboard. You are asked "
            "for it twice at a hidden prompt; it is never given on the command line, where it "
            f"would be saved in the shell history. It must have at least {MIN_PASSCODE_LENGTH} "
            "characters and not be easy to guess: a common password, a run like "
            "123456789012, one character repeated, or the course's name with digits added "
            "are refused. Only a salted hash is stored, in the data folder."
        ),
    )
    parser.add_argument(
        "--stdin",
        action="store_true",
        help="read the passcode from the first line of standard input (for scripts)",
    )
    parser.set_defaults(run=_run_trainer_passcode)


TRUST_PROXY = "--ServerApp.trust_xheaders=True"
"""Voila's option to take the client's address from a reverse proxy's headers."""


def _run_serve(args: argparse.Namespace) -> int:
    from ..._exceptions import InvalidInputError
    from ._serve import serve

    try:
        extra = [TRUST_PROXY] if args.behind_proxy else []
        return serve(args.host, args.port, extra, class_size=args.class_size)
    except InvalidInputError as error:
        print(f"caserate-course serve: {error}", file=sys.stderr)
        return 2


def _add_serve(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="start the course in Voila and print the course home's address",
        description=(
            "Start one Voila server on the course folder. Prints where the records are "
            "kept and the address of the course home."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    parser.add_argument("--port", type=int, default=8866, help="port (%(default)s)")
    parser.add_argument(
        "--behind-proxy",
        action="store_true",
        help="take each client's address from the reverse proxy's X-Forwarded-For or "
        "X-Real-IP header (only behind a proxy that sets them; otherwise a browser could)",
    )
    parser.add_argument(
        "--class-size",
        type=_class_size,
        metavar="N",
        help="learners who open a post-test at the same moment: keeps N post-test and "
        "N/2 home kernels preheated (about 75 MB each); default: 4 and 2",
    )
    parser.set_defaults(run=_run_serve)


def _run_verify_server(args: argparse.Namespace) -> int:
    from .._secrets import course_secret
    from ._verify_service import service_address, verify_server

    with _open_records() as store:
        course_secret(store)  # refuses a missing or different secret before serving
    host, port, prefix = service_address()
    verify_server(args.host or host, args.port or port, args.prefix or prefix)
    return 0


def _add_verify_server(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "verify-server",
        help="serve the public certificate verify page alone (a JupyterHub service)",
        description=(
            "Serve only the public page where anyone checks a certificate code, on the "
            "course's records. Under JupyterHub, run it as a hub service: its address and "
            "prefix then come from the hub."
        ),
    )
    parser.add_argument("--host", help="address to listen on (the hub's, or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (the hub's, or 10101)")
    parser.add_argument("--prefix", help="path before /verify (the hub's, or /)")
    parser.set_defaults(run=_run_verify_server)


def _class_size(text: str) -> int:
    from ..._exceptions import InvalidInputError
    from ._pools import MAX_POOL, _whole_number

    try:
        return _whole_number("the class size", text, 1, MAX_POOL)
    except InvalidInputError as refused:
        raise argparse.ArgumentTypeError(str(refused)) from None


def _learner_line(learner: Learner) -> str:
    email = learner.email or "no email"
    line = f"{learner.id}  {learner.name}  <{email}>  since {learner.created_at:%Y-%m-%d}"
    return printable(line)


def _run_learners(args: argparse.Namespace) -> int:
    with _open_records(read_only=True) as store:
        found = store.learners_with_email(args.email) if args.email else store.all_learners()
    for learner in found:
        print(_learner_line(learner))
    if not found:
        print(
            "No learner records" + (f" with the email {args.email}." if args.email else "."),
            file=sys.stderr,
        )
    return 0 if found else 1


def _add_learners(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "learners",
        help="list learner records: id, name, email and first sign-in",
        description="List learner records (merged ones once), to find the id to reset or merge.",
    )
    parser.add_argument("--email", help="only the records with this email (any case)")
    parser.set_defaults(run=_run_learners)


def _one_learner(store: Store, given: str) -> Learner | str:
    """The learner named by an email or an id, or a message saying why there is not one."""
    found = store.learners_named(given)
    if len(found) == 1:
        return found[0]
    if "@" not in given:
        return f"No learner record has the id {given}."
    if not found:
        return f"No learner record has the email {given}."
    lines = "\n".join(_learner_line(learner) for learner in found)
    return f"{len(found)} learner records have the email {given}; give the id of one:\n{lines}"


def _run_reset_code(args: argparse.Namespace) -> int:
    with _open_records() as store:
        learner = _one_learner(store, args.learner)
        if isinstance(learner, str):
            print(learner, file=sys.stderr)
            return 1
        code = store.reset_personal_code(learner.id)
    who = printable(f"{learner.name} <{learner.email or 'no email'}>")
    print(f"New personal code for {who}: {code}")
    print("Tell it to them in person; their old code no longer works.", file=sys.stderr)
    return 0


def _add_reset_code(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "reset-code",
        help="give a learner a new personal code (they lost theirs)",
        description=(
            "Give a learner a new personal code and print it, to tell them in person. "
            "With their email and the code they sign in on any computer; the old code stops "
            "working."
        ),
    )
    parser.add_argument("learner", metavar="LEARNER", help="the learner's email or record id")
    parser.set_defaults(run=_run_reset_code)


def _run_merge(args: argparse.Namespace) -> int:
    from ..._exceptions import InvalidInputError

    with _open_records() as store:
        try:
            person = store.merge_learners(args.learner_id, args.into_id, by="caserate-course")
        except InvalidInputError as refused:
            print(f"Not merged: {refused}", file=sys.stderr)
            return 1
    print(
        printable(
            f"Merged: the records of {args.learner_id} now count as {person.name}'s ({person.id})."
        )
    )
    return 0


def _add_merge(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "merge-learners",
        help="record that two learner records are the same person",
        description=(
            "Record that learner record ID is the same person as INTO: ID's attempts, visits, "
            "evaluations, completions and certificates then count as INTO's everywhere. "
            "Nothing is changed or deleted, and ID's sign-ins open INTO's record. "
            "Find the ids with 'caserate-course learners --email ...'."
        ),
    )
    parser.add_argument("learner_id", metavar="ID", help="the record to merge (the duplicate)")
    parser.add_argument("into_id", metavar="INTO", help="the record that stays")
    parser.set_defaults(run=_run_merge)


_SUBCOMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    _add_serve,
    _add_verify_server,
    _add_validate,
    _add_verify,
    _add_report,
    _add_export_xapi,
    _add_send_records,
    _add_trainer_passcode,
    _add_learners,
    _add_reset_code,
    _add_merge,
)
"""Each function adds one subcommand, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser, with one subparser per subcommand."""
    parser = argparse.ArgumentParser(
        prog="caserate-course", description="Tools for the managed care and case rates course."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _SUBCOMMANDS:
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``caserate-course`` with ``argv`` (the process arguments when None).

    Returns
    -------
    int
        The exit code: 0 when all went well, 1 when problems were found, 2 when the
        command could not do its work (records missing or damaged, a missing or wrong
        secret, a file that cannot be written): one line on standard error then says
        why, never a traceback.
    """
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except Exception as error:
        line = _error_line(error)
        if line is None:
            raise  # a fault in the course itself: the traceback is what to report
        print(f"caserate-course: error: {printable(line)}", file=sys.stderr)
        return 2


def _error_line(error: Exception) -> str | None:
    """What went wrong, in one line, for an error a person can act on (``None`` otherwise)."""
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from ..._exceptions import CaseRateKitError

    if isinstance(error, CaseRateKitError):
        text = str(error)
    elif isinstance(error, SQLAlchemyError):
        cause = error.orig if isinstance(error, DBAPIError) else error
        first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        text = (
            f"The course records could not be used ({first}). Check CASERATE_DATA_DIR and "
            "CASERATE_DB_URL, and that the records may be read (and written) by you."
        )
    elif isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        text = (
            f"Cannot use{where}: {error.strerror or error}. Check the path, and that you may "
            "read and write there."
        )
    else:
        return None
    return " ".join(text.split())


if __name__ == "__main__":
    raise SystemExit(main())
