"""``caserate-course send-records``: rounds of sending until stopped (or one round)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Mapping
from datetime import timedelta
from types import FrameType

from ..._exceptions import CaseRateKitError, InvalidInputError
from ..records import Store
from ._outbox import FIRST_PAUSE
from ._sender import EVERY, Sender
from ._settings import lms_settings, lrs_settings

__all__ = ["seconds_setting", "send_records_command", "start_background_sender"]


def seconds_setting(name: str, default: float, environ: Mapping[str, str] | None = None) -> float:
    """A number of seconds above 0 from the environment variable ``name`` (else ``default``)."""
    raw = (os.environ if environ is None else environ).get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 86_400:
        raise InvalidInputError(name, raw, "must be a number of seconds above 0 and below a day")
    return value


def _sender(store: Store) -> Sender | None:
    """The sender as set up by the environment: where to (``None``: nowhere), and the
    first pause after a failed try (``CASERATE_SEND_FIRST_PAUSE_SECONDS``, default 30)."""
    lrs, lms = lrs_settings(), lms_settings()
    if lrs is None and lms is None:
        return None
    first = seconds_setting("CASERATE_SEND_FIRST_PAUSE_SECONDS", FIRST_PAUSE.total_seconds())
    return Sender(store, lrs, lms, first_pause=timedelta(seconds=first))


def send_records_command(*, once: bool, every_seconds: float = 10.0) -> int:
    """Send until stopped (SIGTERM or Ctrl-C), or one round with ``once``; exit code 0."""
    if every_seconds <= 0:
        raise InvalidInputError("--every", every_seconds, "must be a number of seconds above 0")
    with Store() as store:
        sender = _sender(store)
        if sender is None:
            raise CaseRateKitError(
                "There is nowhere to send the records: set CASERATE_LRS_URL (a learning record "
                "store) or CASERATE_LTI_TOKEN_URL (an LMS), as README.md explains."
            )
        where = " and ".join(
            text
            for text, wanted in (
                (f"the LRS at {sender.lrs.url}" if sender.lrs else "", sender.lrs),
                ("the LMS (grades)", sender.lms),
            )
            if wanted
        )
        print(f"Sending the records of {store.describe()} to {where}.", file=sys.stderr)
        if once:
            print(sender.run_once().summary(), file=sys.stderr)
            return 0
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        stop = threading.Event()

        def finish(_signal: int, _frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, finish)
        with contextlib.suppress(KeyboardInterrupt):
            sender.run_forever(stop, timedelta(seconds=every_seconds))
        return 0


def start_background_sender(url: str | None = None) -> threading.Event | None:
    """Run the sender in a background thread of this process when an LRS or LMS is set up,
    a round every ``CASERATE_SEND_EVERY_SECONDS`` (default 10).

    Returns the event that stops it (``None`` when there is nowhere to send).
    """
    if lrs_settings() is None and lms_settings() is None:
        return None
    every = timedelta(seconds=seconds_setting("CASERATE_SEND_EVERY_SECONDS", EVERY.total_seconds()))
    seconds_setting("CASERATE_SEND_FIRST_PAUSE_SECONDS", 1)  # refused now, not in the thread
    stop = threading.Event()

    def work() -> None:
        with Store(url) as store:
            sender = _sender(store)
            if sender is not None:
                sender.run_forever(stop, every)

    threading.Thread(target=work, name="caserate-sender", daemon=True).start()
    return stop
