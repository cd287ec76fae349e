"""The course under a real JupyterHub: two hub users, their own servers, one PostgreSQL store.

The hub (see ``conftest.py``) runs each learner's server the way the TLJH and
Kubernetes set-ups in ``deploy/jupyterhub/`` do. Alice and Bob sign in to the
hub in their own browser sessions and take a post-test through their own
Voila address (``/user/<name>/voila/render/notebooks/posttest.ipynb?quiz=...``);
the records must then hold each attempt under the learner whose external id
is the hub user name. Alice must not reach Bob's server, download a question
bank, or run code in a page's kernel.
"""

from __future__ import annotations

import json
import stat
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.async_api import expect

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course._passcode import check_trainer_passcode
from caserate_kit.course.pages._posttest_session import attempt_variant
from caserate_kit.course.quiz._grading import grade_item
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.quiz._variants import VariantItem
from caserate_kit.course.records._store import Store
from caserate_kit.course.records._values import Answer

from .conftest import LMS_NAMES, ROOT, TRAINER_PASSCODE, Chromium, Hub

pytestmark = [pytest.mark.hub, pytest.mark.browser]

PAGE_MS = 120_000  # a cold page kernel on a busy two-core machine
STEP_MS = 30_000
SERVICE_START_SECONDS = 60  # the verify service, started by the hub, on a busy machine
QUIZ = {"alice": "lesson-01", "bob": "lesson-02"}
TITLE = {"lesson-01": "Lesson 1 post-test", "lesson-02": "Lesson 2 post-test"}
SignIn = Callable[[str], Any]
"""The signed-in page of a hub user (their own browser context, driven in ``hub_browser``)."""


# Signing in ------------------------------------------------------------------------------


HOME = "voila/render/notebooks/home.ipynb"


LANDING = {
    "alice": (HOME, "Course home"),
    "bob": ("voila/render/lessons/02_documenting_level_of_care.ipynb", LESSONS[1].title),
}
"""Where each learner's LMS link points: Alice's to the course home, Bob's to a lesson."""


async def sign_in(hub: Hub, chromium: Chromium, user: str) -> Any:
    """A new browser context launched from the LMS as ``user``, landed where the link points."""
    context = await chromium.browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(STEP_MS)
    page = await context.new_page()
    path, heading = LANDING[user]
    await page.goto(hub.platform.launch_url(user, f"{hub.url}hub/user-redirect/{path}"))
    await page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=PAGE_MS)
    assert page.url.startswith(f"{hub.url}user/{user}/{path}"), page.url
    assert "Managed care and case rates" in await page.title(), "not the course's template"
    return page


@pytest.fixture(scope="module")
def sessions(hub: Hub, hub_browser: Chromium) -> Iterator[SignIn]:
    """One signed-in browser context per hub user, opened on first use."""
    opened: dict[str, Any] = {}

    def session(user: str) -> Any:
        if user not in opened:
            opened[user] = hub_browser.run(sign_in(hub, hub_browser, user))
        return opened[user]

    yield session
    for page in opened.values():
        hub_browser.run(page.context.close(), seconds=60)


def posttest_url(hub: Hub, user: str, quiz: str) -> str:
    return f"{hub.url}user/{user}/voila/render/notebooks/posttest.ipynb?{urlencode({'quiz': quiz})}"


# Answering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Given:
    """One answer as a learner gives it on the page, and as the records should keep it."""

    key: str
    kind: str
    prompt: str
    on_page: str | list[str]  # option texts, the typed text, or the steps in order
    stored: Answer
    correct: bool


def _right(shown: VariantItem) -> Given:
    kind, options = shown.shown_type, shown.options
    if kind in ("single", "true_false"):
        option = next(o for o in options if grade_item(shown, o.key).correct)
        return Given(shown.key, kind, shown.prompt, option.text, option.key, True)
    if kind == "multiple":
        keys = next(
            list(chosen)
            for size in range(1, len(options) + 1)
            for chosen in combinations([o.key for o in options], size)
            if grade_item(shown, list(chosen)).correct
        )
        texts = [o.text for o in options if o.key in keys]
        return Given(shown.key, kind, shown.prompt, texts, keys, True)
    if kind == "ordering":
        steps = sorted(options, key=lambda o: o.index)
        return Given(
            shown.key, kind, shown.prompt, [o.text for o in steps], [o.key for o in steps], True
        )
    typed = grade_item(shown, None).correct_answer
    return Given(shown.key, kind, shown.prompt, typed, typed, True)


def _wrong(shown: VariantItem) -> Given:
    option = next(o for o in shown.options if not grade_item(shown, o.key).correct)
    return Given(shown.key, shown.shown_type, shown.prompt, option.text, option.key, False)


def plan_answers(store: Store, learner_id: str, quiz: str, wrong: int) -> list[Given]:
    """Right answers to the learner's open attempt, except the first ``wrong`` choice questions."""
    attempt = store.open_attempt(learner_id, quiz)
    assert attempt is not None, f"no open {quiz} attempt for {learner_id}"
    variant = attempt_variant(store, load_bank(ROOT / "quizzes" / f"{quiz}.yaml"), attempt)
    plan, left = [], wrong
    for shown in variant.items:
        if left and shown.shown_type in ("single", "true_false"):
            plan.append(_wrong(shown))
            left -= 1
        else:
            plan.append(_right(shown))
    assert not left, f"{quiz}: fewer than {wrong} choice questions drawn"
    return plan


async def give(page: Any, answer: Given) -> None:
    """Answer one question through the page, as a learner would."""
    group = page.get_by_role("group", name=answer.prompt, exact=True)
    if answer.kind in ("single", "true_false"):
        await group.get_by_label(answer.on_page, exact=True).check()
    elif answer.kind == "multiple":
        for text in answer.on_page:
            await group.get_by_label(text, exact=True).check()
    elif answer.kind == "numeric":
        await group.get_by_role("textbox").fill(answer.on_page)
    else:
        for place, text in enumerate(answer.on_page):
            steps = group.get_by_role("listitem")
            order = [await steps.nth(i).inner_text() for i in range(await steps.count())]
            now = next(i for i, shown in enumerate(order) if text in shown)
            for _ in range(now - place):
                await group.get_by_role("button", name=f"Move up: {text}").click()


async def take_posttest(hub: Hub, page: Any, store: Store, user: str, wrong: int) -> list[Given]:
    """Open the user's post-test, answer every question (``wrong`` of them wrongly), submit."""
    quiz = QUIZ[user]
    await page.goto(posttest_url(hub, user, quiz), wait_until="commit", timeout=PAGE_MS)
    await page.get_by_role("heading", name=TITLE[quiz], exact=True).wait_for(timeout=PAGE_MS)
    await page.locator(".ck-test").get_by_text("0 of 10 answered").wait_for(timeout=PAGE_MS)
    learner = store.find_learner_by_external_id(user)
    assert learner is not None, f"the page did not record the hub user {user} as a learner"
    plan = plan_answers(store, learner.id, quiz, wrong)
    for answer in plan:
        await give(page, answer)
    await expect(page.locator(".ck-test").get_by_text("10 of 10 answered")).to_be_visible()
    await page.get_by_role("button", name="Submit answers").click()
    await page.get_by_role("heading", name="You passed").wait_for(timeout=PAGE_MS)
    return plan


def _same(stored: Answer, expected: Answer) -> bool:
    if isinstance(expected, list) and isinstance(stored, list):
        return sorted(stored) == sorted(expected)
    return stored == expected


# The tests ------------------------------------------------------------------------------


def test_each_hub_user_takes_a_posttest_under_their_own_learner(
    hub: Hub, hub_browser: Chromium, sessions: SignIn
) -> None:
    """Do Alice's and Bob's attempts land in the shared records, each under their hub name?"""
    with Store(hub.db_url) as store:
        plans = {
            user: hub_browser.run(take_posttest(hub, sessions(user), store, user, wrong))
            for user, wrong in (("alice", 0), ("bob", 1))
        }
        learners = {user: store.find_learner_by_external_id(user) for user in QUIZ}
        assert all(learners.values()), learners
        assert len({learner.id for learner in learners.values() if learner}) == 2
        for user, learner in learners.items():
            assert learner is not None
            assert (learner.name, learner.email, learner.external_id) == (*LMS_NAMES[user], user)
            other = QUIZ["bob" if user == "alice" else "alice"]
            assert store.attempts(learner.id, other) == [], f"{user} has {other} attempts"
            [attempt] = store.attempts(learner.id, QUIZ[user])
            plan = plans[user]
            expected_score = sum(given.correct for given in plan) / len(plan)
            assert attempt.submitted_at is not None
            assert attempt.score == pytest.approx(expected_score)
            assert attempt.passed is True
            stored = store.latest_responses(attempt.attempt_id)
            assert set(stored) == {given.key for given in plan}
            for given in plan:
                assert _same(stored[given.key], given.stored), (user, given, stored[given.key])
        assert {record.learner_id for record in store.all_attempts()} == {
            learner.id for learner in learners.values() if learner
        }
    assert [g.correct for g in plans["bob"]].count(False) == 1
    assert "not trusted" not in hub.log.read_text(errors="replace")  # noise for the admin


SCORES_SECONDS = 60  # the sender service looks every second; a busy machine is slower


def test_each_pass_reaches_the_lms_grade_book(hub: Hub) -> None:
    """After Alice's and Bob's passes (above), does each score arrive once in the LMS's grade
    book, on the line item of the lesson, for the learner's LMS user id?"""
    expected = {}
    with Store(hub.db_url) as store:
        for user, quiz in QUIZ.items():
            learner = store.find_learner_by_external_id(user)
            assert learner is not None, f"{user} has no record: run the whole module"
            [passed] = [a for a in store.attempts(learner.id, quiz) if a.passed]
            assert passed.score is not None
            expected[user] = (quiz, round(passed.score * 100, 2))
        deadline = time.monotonic() + SCORES_SECONDS
        while len(hub.platform.scores) < len(expected) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert len(store.sent_items("lms")) == len(expected), store.delivery_states("lms")
    items = {item["id"]: item for item in hub.platform.line_items}
    got = {
        score["userId"]: (items[line]["resourceId"], score["scoreGiven"])
        for line, score in hub.platform.scores
    }
    assert got == expected
    assert len(hub.platform.scores) == len(expected)  # each once
    for _line, score in hub.platform.scores:
        assert (score["scoreMaximum"], score["gradingProgress"]) == (100, "FullyGraded")
        assert score["activityProgress"] == "Submitted"
    assert sorted(item["label"] for item in items.values()) == [
        f"Lesson {lesson.number} post-test: {lesson.title}" for lesson in LESSONS[:2]
    ]


DEPLOYMENT = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
FORGERIES: dict[str, Callable[[Any], str]] = {
    "signed with another key": lambda platform: platform.forged_id_token(),
    "for another tool": lambda platform: platform.wrong_audience_id_token(),
    "from an unregistered deployment": lambda platform: platform.id_token({DEPLOYMENT: "other"}),
}


async def _launch_until_the_form(hub: Hub, chromium: Chromium) -> Any:
    """A launch of Alice stopped at the LMS's form (scripts off): the hub's state cookies set."""
    context = await chromium.browser.new_context(java_script_enabled=False)
    page = await context.new_page()
    await page.goto(hub.platform.launch_url("alice", f"{hub.url}hub/user-redirect/{HOME}"))
    await page.get_by_role("button").wait_for(timeout=PAGE_MS)
    return page


async def _post_launch(hub: Hub, page: Any, id_token: str) -> int:
    launch = hub.platform.last_launch
    assert launch is not None
    reply = await page.request.post(
        f"{hub.url}hub/lti13/oauth_callback",
        form={"id_token": id_token, "state": launch.state},
        max_redirects=0,
    )
    return int(reply.status)


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_a_forged_launch_is_refused(hub: Hub, hub_browser: Chromium, forgery: str) -> None:
    """Is a launch whose token is forged, for another tool, or from a deployment the agency did
    not register refused, signing no one in and keeping no launch?"""

    async def steps() -> int:
        page = await _launch_until_the_form(hub, hub_browser)
        try:
            return await _post_launch(hub, page, FORGERIES[forgery](hub.platform))
        finally:
            await page.context.close()

    with Store(hub.db_url) as store:
        before = store.latest_launch("alice")
        status = hub_browser.run(steps())
        assert status in (400, 401, 403), status
        assert store.latest_launch("alice") == before


def test_a_replayed_launch_is_refused(hub: Hub, hub_browser: Chromium) -> None:
    """Is the genuine form, posted a second time (its nonce and state used up), refused?"""

    async def steps() -> tuple[int, int]:
        page = await _launch_until_the_form(hub, hub_browser)
        try:
            launch = hub.platform.last_launch
            assert launch is not None
            first = await _post_launch(hub, page, launch.id_token)
            return first, await _post_launch(hub, page, launch.id_token)
        finally:
            await page.context.close()

    first, again = hub_browser.run(steps())
    assert first == 302  # signed in, sent on to the course
    assert again == 400


def test_a_learner_cannot_open_another_learners_server(
    hub: Hub, hub_browser: Chromium, sessions: SignIn
) -> None:
    """Does Alice's signed-in browser get a 403 from the hub, not Bob's page, at /user/bob/?"""

    async def visit(page: Any) -> tuple[int | None, str, str]:
        reply = await page.goto(posttest_url(hub, "bob", QUIZ["bob"]), timeout=PAGE_MS)
        await expect(page.get_by_role("heading", name=TITLE[QUIZ["bob"]])).to_have_count(0)
        await expect(page.get_by_text("Signed in as")).to_have_count(0)
        return (reply.status if reply else None), page.url, await page.content()

    status, url, content = hub_browser.run(visit(sessions("alice")))
    assert status == 403
    assert "/user/bob/voila" not in url
    assert "do not have permission" in content


async def fetch(page: Any, address: str) -> tuple[int, str]:
    """GET ``address`` with the page's cookies, without following redirects."""
    reply = await page.request.get(address, max_redirects=0)
    return reply.status, (await reply.text())[:200]


@pytest.mark.parametrize(
    "path",
    [
        "files/quizzes/lesson-01.yaml",
        "api/contents/quizzes/lesson-01.yaml",
        "api/contents/course.toml",
        "api/sessions",
    ],
)
def test_a_learner_cannot_download_course_files_from_their_server(
    hub: Hub, hub_browser: Chromium, sessions: SignIn, path: str
) -> None:
    """Are the server's file and notebook APIs closed, so no answer key can be fetched?"""
    status, text = hub_browser.run(fetch(sessions("alice"), f"{hub.url}user/alice/{path}"))
    assert status == 403, text


@pytest.mark.parametrize("path", ["lab", "tree", "terminals/1", "api/terminals"])
def test_jupyterlab_and_terminals_are_switched_off(
    hub: Hub, hub_browser: Chromium, sessions: SignIn, path: str
) -> None:
    """Is nothing but the course offered on a learner's server?"""
    status, text = hub_browser.run(fetch(sessions("alice"), f"{hub.url}user/alice/{path}"))
    assert status == 404, text


PROBE = """
async ({base, kernelId, code}) => {
  const socket = new WebSocket(
    `ws://${location.host}${base}api/kernels/${kernelId}/channels?session_id=probe-${Date.now()}`);
  const replies = [];
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    replies.push([message.msg_type, message.parent_header.msg_id || ""]);
  };
  await new Promise((opened, failed) => {
    socket.onopen = opened;
    socket.onerror = () => failed(new Error("the kernel websocket was refused"));
  });
  const send = (id, type, content) => socket.send(JSON.stringify({
    header: {msg_id: id, msg_type: type, username: "probe", session: "probe",
             date: new Date().toISOString(), version: "5.3"},
    parent_header: {}, metadata: {}, content, channel: "shell", buffers: []}));
  send("probe-run", "execute_request", {code, silent: false, store_history: false,
       user_expressions: {}, allow_stdin: false, stop_on_error: true});
  send("probe-info", "kernel_info_request", {});
  const deadline = Date.now() + 20000;
  while (!replies.some(([type]) => type === "kernel_info_reply") && Date.now() < deadline) {
    await new Promise((wait) => setTimeout(wait, 200));
  }
  await new Promise((wait) => setTimeout(wait, 2000));  // time for a late execute_reply
  socket.close();
  return replies;
}
"""


def test_a_learners_browser_cannot_run_code_in_a_page_kernel(
    hub: Hub, hub_browser: Chromium, sessions: SignIn
) -> None:
    """Does a page's kernel answer widget-protocol messages but ignore code sent to it?"""
    marker = hub.state / "code-ran"

    async def probe(page: Any) -> list[list[str]]:
        await page.goto(f"{hub.url}user/alice/voila/render/notebooks/home.ipynb", timeout=PAGE_MS)
        heading = page.get_by_role("heading", name="Course home", exact=True)
        await heading.wait_for(timeout=PAGE_MS)
        config = await page.locator("#jupyter-config-data").text_content()
        kernel_id = json.loads(config or "{}").get("kernelId")
        assert kernel_id, "the page names no kernel"
        code = f"open({str(marker)!r}, 'w')"
        replies: list[list[str]] = await page.evaluate(
            PROBE, {"base": "/user/alice/", "kernelId": kernel_id, "code": code}
        )
        return replies

    replies = hub_browser.run(probe(sessions("alice")))
    answered = {parent for kind, parent in replies if kind == "kernel_info_reply"}
    assert answered == {"probe-info"}, f"the kernel did not answer the probe: {replies}"
    assert not [r for r in replies if r[1] == "probe-run"], replies
    assert not marker.exists()


def test_every_learner_server_holds_private_copies_of_the_shared_secrets(hub: Hub) -> None:
    """Do all servers sign certificates with the one course secret (and know the passcode)?"""
    for user in QUIZ:
        folder = hub.learner_data_dir(user)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for name in ("secret.key", "trainer-passcode"):
            copy = folder / name
            assert copy.read_bytes() == (hub.shared_secrets / name).read_bytes()
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert check_trainer_passcode(
        TRAINER_PASSCODE, hub.learner_data_dir("bob") / "trainer-passcode"
    )


def test_anyone_can_check_a_certificate_on_the_hubs_public_verify_page(hub: Hub) -> None:
    """Under the hub, where learners' servers are private, does the verify service show a
    genuine certificate's name, lesson and hours to someone who is not signed in, nothing for a
    changed code, and neither email nor license number?"""
    from caserate_kit.course._catalog import lesson_for
    from caserate_kit.course._secrets import load_or_create_secret
    from caserate_kit.course.certificates import issue_certificate

    secret = load_or_create_secret(hub.shared_secrets / "secret.key")
    with Store(hub.db_url) as store:
        learner = store.add_learner("Ngozi Verify", "ngozi@example.org", "LPC-4455")
        store.record_visit(learner.id, "lesson-01", "open")
        attempt = store.start_attempt(learner.id, "lesson-01", "v1", seed=1)
        store.submit_attempt(attempt.id, 1.0, True, {})
        store.record_evaluation(learner.id, "lesson-01", True, 4, {"content": 4})
        code = issue_certificate(store, learner.id, "lesson-01", secret=secret).code

    def page(code: str) -> str:
        address = f"{hub.url}services/verify/verify?code={code}"
        deadline = time.monotonic() + SERVICE_START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(address, timeout=60) as reply:  # no cookie: anyone
                    return reply.read().decode()
            except urllib.error.HTTPError as refused:
                # 503: the hub has started the service, which is not yet answering.
                if refused.code != 503 or time.monotonic() > deadline:
                    raise
            time.sleep(0.5)

    shown = page(code)
    assert "Ngozi Verify" in shown
    assert lesson_for(1).title in shown
    assert "ngozi@example.org" not in shown
    assert "LPC-4455" not in shown
    changed = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert "Ngozi Verify" not in page(changed)
