// Post-test widget (anywidget front end).
//
// Shows the questions of `view` as real form controls and writes the learner's
// choices into `responses`. It never knows an answer: the kernel grades on
// "submit" and sends back `result`, which this page only displays.

const TRUE_FALSE = [
  { key: "true", text: "True" },
  { key: "false", text: "False" },
];

const UNITS = {
  dollars: { words: "in dollars", prefix: "$" },
  percent: { words: "as a percent", suffix: "%" },
  hours: { words: "in hours", suffix: "hours" },
  cases: { words: "number of cases", suffix: "cases" },
};

const TYPE_HINTS = {
  single: "Choose one answer.",
  true_false: "Choose True or False.",
  multiple: "Choose all that apply.",
  numeric: "Type a number, for example 1,250.",
  ordering:
    "Put the steps in order, first step at the top, using the up and down buttons. " +
    "If you leave the steps as they are, that order is your answer.",
};

const ICONS = {
  check: SVG('<circle cx="12" cy="12" r="10"/><path d="M7.5 12.5l3 3 6-6.5"/>'),
  cross: SVG('<circle cx="12" cy="12" r="10"/><path d="M8.5 8.5l7 7M15.5 8.5l-7 7"/>'),
  alert: SVG('<path d="M12 3l10 18H2z"/><path d="M12 10v4.5M12 17.8v.2"/>'),
  up: SVG('<path d="M12 19V5M6 11l6-6 6 6"/>'),
  down: SVG('<path d="M12 5v14M6 13l6 6 6-6"/>'),
  clock: SVG('<circle cx="12" cy="12" r="9.5"/><path d="M12 7v5l3.5 2"/>'),
  target: SVG('<circle cx="12" cy="12" r="9.5"/><circle cx="12" cy="12" r="4.5"/>'),
  list: SVG('<path d="M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01"/>'),
};

const NUMBER_LIKE = /^\s*[-+]?\s*\$?\s*[-+]?(\d[\d,\s]*)?(\.\d*)?\s*%?\s*$/;

const icon = (name, cls = "pt-icon") => h("span", { class: cls, "aria-hidden": "true", html: ICONS[name] });

/** "Move up" on wide screens; the word "Move" is dropped in narrow columns. */
function moveLabel(direction) {
  return h("span", { class: "pt-move-label" }, [
    h("span", { class: "pt-move-verb", text: "Move " }),
    h("span", { class: "pt-move-dir", text: direction }),
  ]);
}

function percent(share) {
  const value = typeof share === "number" && Number.isFinite(share) ? share : 0;
  return `${Math.floor(value * 100 + 0.5)}%`;
}

function listWords(numbers) {
  if (numbers.length === 1) return `${numbers[0]}`;
  return `${numbers.slice(0, -1).join(", ")} and ${numbers[numbers.length - 1]}`;
}

/** A non-empty text, or a list of texts (empty entries dropped); null when there is nothing. */
function textsOf(value) {
  if (Array.isArray(value)) {
    const texts = value.filter((entry) => typeof entry === "string" && entry.trim() !== "");
    if (texts.length === 0) return null;
    return texts.length === 1 ? texts[0] : texts;
  }
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** Several texts as a real list (read as "list, 3 items"), one text as itself. */
function listOrText(texts, cls) {
  if (!Array.isArray(texts)) return texts;
  return h("ul", { class: `pt-list ${cls}` }, texts.map((text) => h("li", { text })));
}

function optionsOf(question) {
  const options = Array.isArray(question.options) ? question.options : [];
  return options.length === 0 && question.type === "true_false" ? TRUE_FALSE : options;
}

function isAnswered(value) {
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === "string" && value.trim() !== "";
}

function prefersReducedMotion() {
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

// -- drawn before the kernel is reached ------------------------------------------
// The page carries the post-test's view (no answers) and this script, so the
// questions can be answered as soon as the page arrives, before Voila's scripts
// have loaded and connected the widget to its kernel. The answers stay in a
// model of the page's own; when the real widget is drawn it takes them over,
// with the focus and a pending Submit, and the early copy goes.

const EARLY = ".pt-early";

/** A stand-in for the widget's model that keeps everything in the page. */
function localModel(initial) {
  const values = { ...initial };
  const listeners = {};
  return {
    submitted: false,
    get: (name) => values[name],
    set(name, value) {
      values[name] = value;
      (listeners[`change:${name}`] || []).forEach((listener) => listener());
    },
    save_changes() {},
    on(event, listener) {
      (listeners[event] = listeners[event] || []).push(listener);
    },
    off(event, listener) {
      listeners[event] = (listeners[event] || []).filter((known) => known !== listener);
    },
    send(message) {
      if (message && message.event === "submit") {
        this.submitted = true;
        this.set("status", "Connecting to the course… your answers are sent as soon as it answers.");
      }
    },
  };
}

/** Draw the post-test in `box` from the state the page carries, before the kernel is reached. */
export function drawEarly(box, initial) {
  if (box.dataset.taken) return;
  const model = localModel({ result: {}, status: "", busy: false, ...initial });
  box.ptEarly = { model, view: initial.view };
  render({ model, el: box.querySelector(".pt-early-host") });
}

/** The focusable elements of `node`, in order (to carry focus from one copy to the other). */
function focusables(node) {
  return Array.from(node.querySelectorAll("a[href], button, input, textarea, select, [tabindex]"));
}

/** Take over the early copy of this post-test, if the page drew one: its answers, focus, Submit. */
function takeEarly(model, el) {
  const box = document.querySelector(EARLY);
  if (!box || box.dataset.taken) return null;
  box.dataset.taken = "yes";
  const view = model.get("view") || {};
  const early = box.ptEarly;
  const keysOf = (shown) => ((shown || {}).questions || []).map((q) => q.key).join(" ");
  if (!early || keysOf(early.view) !== keysOf(view) || early.view.quiz_id !== view.quiz_id) {
    box.remove();
    return null;
  }
  // Where the focus is: the n-th control of the post-test, or of the page's header.
  const active = document.activeElement;
  const earlyTest = box.querySelector(".pt-root");
  const inTest = earlyTest && earlyTest.contains(active);
  const part = inTest ? earlyTest : box.querySelector(".pt-early-page");
  const where = part && part.contains(active) ? focusables(part).indexOf(active) : -1;
  const caret = active && typeof active.selectionStart === "number"
    ? [active.selectionStart, active.selectionEnd] : null;
  return {
    responses: early.model.get("responses") || {},
    submitted: early.model.submitted,
    // Submit pressed with questions unanswered: the warning (and its Submit anyway) stays.
    warned: Boolean(box.querySelector(".pt-warning:not([hidden])")),
    finish(root) {
      // The page's own copy goes; the widget, drawn just below it, moves up into its
      // place, and the focus goes to the same control in the widget's page.
      (box.closest(".ck-early-output") || box).remove();
      if (where < 0) return;
      const page = el.closest(".widget-vbox");
      const scope = inTest ? root : page && page.firstElementChild;
      const target = scope ? focusables(scope)[where] : null;
      if (target) {
        target.focus({ preventScroll: true });
        if (caret && typeof target.setSelectionRange === "function") target.setSelectionRange(...caret);
      }
    },
  };
}

function render({ model, el }) {
  const uid = `pt${Math.random().toString(36).slice(2, 9)}`;
  const state = {
    local: { ...(model.get("responses") || {}) },
    questions: [],
    submitting: false,
    retaking: false,
    warned: false,
    timer: null,
  };
  const early = el.closest(EARLY) ? null : takeEarly(model, el);
  if (early) {
    const before = JSON.stringify(state.local);
    Object.assign(state.local, early.responses);
    if (JSON.stringify(state.local) !== before) {
      model.set("responses", { ...state.local });
      model.save_changes();
    }
  }

  // -- the skeleton, built once ------------------------------------------------
  const header = h("header", { class: "pt-header" });
  const resultBox = h("section", { class: "pt-result", hidden: true, "aria-labelledby": `${uid}-rt` });
  const intro = h("p", {
    class: "pt-intro",
    text: "Answer each question, then choose Submit answers. Your answers are saved as you go.",
  });
  const list = h("ol", { class: "pt-questions" });
  const submitButton = h("button", {
    type: "button",
    class: "pt-button pt-primary",
    text: "Submit answers",
    onclick: () => submit(false),
  });
  const busyNote = h("span", { class: "pt-busy", hidden: true }, [
    h("span", { class: "pt-spinner", "aria-hidden": "true" }),
    "Checking your answers…",
  ]);
  const warningText = h("p", { class: "pt-warning-text" });
  const warningLinks = h("ul", { class: "pt-goto" });
  const warning = h("div", { class: "pt-warning", hidden: true }, [
    h("div", { class: "pt-warning-head" }, [icon("alert"), warningText]),
    warningLinks,
    h("button", {
      type: "button",
      class: "pt-button pt-secondary",
      text: "Submit anyway",
      onclick: () => submit(true),
    }),
  ]);
  const doneNote = h("div", { class: "pt-done", hidden: true });
  const status = h("div", { class: "pt-status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  const announcer = h("div", { class: "pt-sr-only", "aria-live": "polite", "aria-atomic": "true" });
  const actions = h("div", { class: "pt-actions" }, [
    h("div", { class: "pt-submit-row" }, [submitButton, busyNote]),
    warning,
    doneNote,
  ]);
  // A named section is a landmark, so the whole post-test is one region screen readers can jump to.
  const root = h("section", { class: "pt-root", "aria-labelledby": `${uid}-title` }, [
    header,
    resultBox,
    intro,
    list,
    actions,
    status,
    announcer,
  ]);
  el.classList.add("pt-host");
  el.replaceChildren(root);

  // -- helpers -----------------------------------------------------------------
  const hasResult = () => Object.keys(model.get("result") || {}).length > 0;
  const locked = () => state.submitting || model.get("busy") || hasResult();

  function announce(text) {
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 60);
  }

  function push(key, value) {
    if (locked()) {
      onResponses(); // answers are closed while grading: put the controls back
      return;
    }
    if (isAnswered(value)) state.local[key] = value;
    else delete state.local[key];
    model.set("responses", { ...state.local });
    model.save_changes();
    refreshProgress();
    if (state.warned) refreshWarning();
  }

  function missingNumbers() {
    return state.questions.filter((qs) => !isAnswered(state.local[qs.q.key])).map((qs) => qs.number);
  }

  // An ordering question left as shown is answered (its order is the answer): never warned about.
  function missingToWarn() {
    return state.questions
      .filter((qs) => qs.q.type !== "ordering" && !isAnswered(state.local[qs.q.key]))
      .map((qs) => qs.number);
  }

  function scrollTo(node) {
    node.scrollIntoView({ block: "center", behavior: prefersReducedMotion() ? "auto" : "smooth" });
  }

  // -- header ------------------------------------------------------------------
  const progressText = h("p", { class: "pt-progress-text" });
  const progressFill = h("span", { class: "pt-progress-fill" });
  const titleNode = h("h2", { class: "pt-title", tabindex: "-1", id: `${uid}-title` });

  function buildHeader(view) {
    const total = (view.questions || []).length;
    const meta = h("ul", { class: "pt-meta" });
    if (typeof view.pass_mark === "number") {
      meta.append(h("li", {}, [icon("target"), `Pass mark: ${percent(view.pass_mark)}`]));
    }
    if (typeof view.time_estimate_minutes === "number") {
      meta.append(h("li", {}, [icon("clock"), `About ${view.time_estimate_minutes} minutes`]));
    }
    meta.append(h("li", {}, [icon("list"), `${total} ${total === 1 ? "question" : "questions"}`]));
    titleNode.textContent = view.title || "Post-test";
    header.replaceChildren(
      h("p", { class: "pt-eyebrow", text: "Post-test" }),
      titleNode,
      meta,
      h("div", { class: "pt-progress" }, [
        progressText,
        h("span", { class: "pt-progress-bar", "aria-hidden": "true" }, [progressFill]),
      ]),
    );
  }

  function refreshProgress() {
    const total = state.questions.length;
    const done = total - missingNumbers().length;
    progressText.textContent = `${done} of ${total} answered`;
    progressFill.style.width = total ? `${(100 * done) / total}%` : "0";
  }

  // -- questions ---------------------------------------------------------------
  function buildChoice(qs, qid) {
    const { q } = qs;
    const multiple = q.type === "multiple";
    const box = h("div", { class: "pt-options" });
    const inputs = optionsOf(q).map((option, index) => {
      const input = h("input", {
        type: multiple ? "checkbox" : "radio",
        name: `${qid}-choice`,
        value: option.key,
        class: "pt-check",
        onchange: () => {
          if (multiple) push(q.key, inputs.filter((i) => i.checked).map((i) => i.value));
          else push(q.key, input.value);
        },
      });
      box.append(
        h("label", { class: "pt-option", id: `${qid}-o${index}` }, [
          input,
          h("span", { class: "pt-option-text", text: option.text }),
        ]),
      );
      return input;
    });
    qs.apply = (answer) => {
      const chosen = multiple ? (Array.isArray(answer) ? answer : []) : [answer];
      for (const input of inputs) input.checked = chosen.includes(input.value);
    };
    qs.describe = (answer) => {
      const keys = Array.isArray(answer) ? answer : [answer];
      return optionsOf(q).filter((o) => keys.includes(o.key)).map((o) => o.text);
    };
    qs.controls = inputs;
    qs.first = () => inputs.find((i) => i.checked) || inputs[0];
    return box;
  }

  function buildNumeric(qs, qid) {
    const { q } = qs;
    const unit = UNITS[q.unit] || {};
    const hintId = `${qid}-input-hint`;
    const errorId = `${qid}-input-error`;
    const input = h("input", {
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      id: `${qid}-input`,
      class: "pt-text",
      "aria-describedby": hintId,
      oninput: () => {
        checkNumber();
        push(q.key, input.value);
      },
    });
    const error = h("p", { class: "pt-input-error", id: errorId, hidden: true }, [
      icon("alert"),
      "This does not look like a number. Use digits, for example 4,759.",
    ]);
    function checkNumber() {
      const odd = input.value.trim() !== "" && !NUMBER_LIKE.test(input.value);
      error.hidden = !odd;
      if (odd) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", `${hintId} ${errorId}`);
      } else {
        input.removeAttribute("aria-invalid");
        input.setAttribute("aria-describedby", hintId);
      }
    }
    qs.apply = (answer) => {
      const value = typeof answer === "string" ? answer : "";
      if (input.value !== value && document.activeElement !== input) {
        input.value = value;
        checkNumber();
      }
    };
    qs.describe = (answer) => answer || "";
    qs.controls = [input];
    qs.first = () => input;
    return h("div", { class: "pt-numeric" }, [
      h("label", {
        class: "pt-input-label",
        for: input.id,
        text: unit.words ? `Your answer (${unit.words})` : "Your answer",
      }),
      h("p", { class: "pt-hint", id: hintId, text: q.hint || TYPE_HINTS.numeric }),
      h("div", { class: "pt-input-wrap" }, [
        unit.prefix ? h("span", { class: "pt-affix", "aria-hidden": "true", text: unit.prefix }) : null,
        input,
        unit.suffix ? h("span", { class: "pt-affix", "aria-hidden": "true", text: unit.suffix }) : null,
      ]),
      error,
    ]);
  }

  function buildOrdering(qs, qid) {
    const { q } = qs;
    const options = optionsOf(q);
    const listNode = h("ol", { class: "pt-order" });
    const items = new Map();
    const textOf = (key) => options.find((o) => o.key === key)?.text ?? key;
    const shown = () => Array.from(listNode.children, (li) => li.dataset.key);

    function arrange(order) {
      if (shown().join("\u0000") !== order.join("\u0000")) {
        for (const key of order) listNode.append(items.get(key).li);
      }
      order.forEach((key, index) => {
        const item = items.get(key);
        item.pos.textContent = `${index + 1}`;
        item.up.setAttribute("aria-disabled", String(index === 0 || locked()));
        item.down.setAttribute("aria-disabled", String(index === order.length - 1 || locked()));
      });
    }

    function move(key, delta, which) {
      if (locked()) return;
      const order = shown();
      const from = order.indexOf(key);
      const to = from + delta;
      const text = textOf(key);
      if (to < 0 || to >= order.length) {
        announce(`“${text}” is already ${to < 0 ? "first" : "last"}.`);
        return;
      }
      [order[from], order[to]] = [order[to], order[from]];
      arrange(order);
      push(q.key, order);
      const item = items.get(key);
      // Keep focus on the pressed button, even at the end of the list, so that
      // pressing it again says "already first" instead of moving another step.
      (which === "up" ? item.up : item.down).focus();
      announce(`Moved “${text}” to position ${to + 1} of ${order.length}.`);
    }

    options.forEach((option, index) => {
      const textId = `${qid}-s${index}`;
      const up = h("button", {
        type: "button",
        class: "pt-move",
        "aria-label": `Move up: ${option.text}`,
        onclick: () => move(option.key, -1, "up"),
      }, [icon("up"), moveLabel("up")]);
      const down = h("button", {
        type: "button",
        class: "pt-move",
        "aria-label": `Move down: ${option.text}`,
        onclick: () => move(option.key, +1, "down"),
      }, [icon("down"), moveLabel("down")]);
      const pos = h("span", { class: "pt-step-pos", "aria-hidden": "true" });
      const li = h("li", { class: "pt-step", "data-key": option.key }, [
        pos,
        h("span", { class: "pt-step-text", id: textId, text: option.text }),
        h("span", { class: "pt-step-moves" }, [up, down]),
      ]);
      items.set(option.key, { li, pos, up, down });
      listNode.append(li);
    });

    const viewOrder = options.map((o) => o.key);
    qs.apply = (answer) => {
      const valid =
        Array.isArray(answer) &&
        answer.length === viewOrder.length &&
        viewOrder.every((key) => answer.includes(key));
      arrange(valid ? answer : viewOrder);
    };
    qs.refresh = () => arrange(shown());
    qs.shown = shown;
    qs.describe = (answer) =>
      (Array.isArray(answer) ? answer : []).map((key, i) => `${i + 1}. ${textOf(key)}`).join("; ");
    qs.controls = Array.from(items.values(), (item) => [item.up, item.down]).flat();
    qs.first = () => items.get(shown()[0])?.down;
    return listNode;
  }

  function buildQuestion(q, index, total) {
    const qid = `${uid}-q${index}`;
    const qs = { q, number: index + 1, refresh: () => {} };
    const hintId = `${qid}-hint`;
    const badge = h("span", { class: "pt-badge", hidden: true });
    const heading = h("h3", { class: "pt-qnum" }, [
      h("span", {}, [`Question ${index + 1} `, h("span", { class: "pt-qof", text: `of ${total}` })]),
      badge,
    ]);
    const fieldset = h("fieldset", { class: "pt-fieldset" });
    fieldset.append(h("legend", { class: "pt-prompt", text: q.prompt }));
    if (q.type === "numeric") {
      fieldset.append(buildNumeric(qs, qid));
    } else {
      fieldset.setAttribute("aria-describedby", hintId);
      const hint = [TYPE_HINTS[q.type], q.hint].filter(Boolean).join(" ");
      fieldset.append(h("p", { class: "pt-hint", id: hintId, text: hint }));
      fieldset.append(q.type === "ordering" ? buildOrdering(qs, qid) : buildChoice(qs, qid));
    }
    const feedback = h("div", { class: "pt-feedback", id: `${qid}-feedback`, hidden: true });
    qs.card = h("li", { class: "pt-card", "data-key": q.key }, [heading, fieldset, feedback]);
    qs.badge = badge;
    qs.feedback = feedback;
    return qs;
  }

  function buildQuestions(view) {
    const questions = Array.isArray(view.questions) ? view.questions : [];
    state.questions = questions.map((q, i) => buildQuestion(q, i, questions.length));
    list.replaceChildren(...state.questions.map((qs) => qs.card));
    if (state.questions.length === 0) {
      list.append(h("li", { class: "pt-card pt-empty", text: "This post-test has no questions yet." }));
    }
  }

  // -- submitting ----------------------------------------------------------------
  function refreshWarning() {
    const missing = missingToWarn();
    if (missing.length === 0 || locked()) {
      warning.hidden = true;
      state.warned = false;
      return;
    }
    const one = missing.length === 1;
    warningText.textContent =
      `${one ? "Question" : "Questions"} ${listWords(missing)} ${one ? "is" : "are"} not answered yet. ` +
      `Answer ${one ? "it" : "them"}, or choose Submit anyway.`;
    warningLinks.replaceChildren(
      ...missing.map((number) =>
        h("li", {}, [
          h("button", {
            type: "button",
            class: "pt-link",
            text: `Go to question ${number}`,
            onclick: () => {
              const target = state.questions[number - 1];
              scrollTo(target.card);
              target.first()?.focus({ preventScroll: true });
            },
          }),
        ]),
      ),
    );
    warning.hidden = false;
  }

  function submit(anyway) {
    if (locked()) return;
    const missing = missingToWarn();
    if (missing.length > 0 && !anyway) {
      state.warned = true;
      refreshWarning();
      announce(
        `Please answer question${missing.length === 1 ? "" : "s"} ${listWords(missing)} ` +
          "or choose Submit anyway.",
      );
      return;
    }
    for (const qs of state.questions) {
      if (qs.q.type === "ordering" && !isAnswered(state.local[qs.q.key])) push(qs.q.key, qs.shown());
    }
    state.submitting = true;
    state.warned = false;
    refreshActions();
    // The answers travel with the submit: an answer changed just before it may still be
    // waiting to be sent, and the kernel grades what the learner sees.
    model.send({ event: "submit", responses: { ...state.local } });
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(() => {
      if (state.submitting && !model.get("busy") && !hasResult()) {
        state.submitting = false;
        refreshActions();
        announce("No reply yet from the course. Please choose Submit answers again.");
      }
    }, 30000);
  }

  function retake() {
    if (state.retaking || model.get("busy")) return;
    state.retaking = true;
    refreshActions();
    model.send({ event: "retake" });
  }

  function refreshActions() {
    const done = hasResult();
    const busy = model.get("busy");
    const isLocked = locked();
    submitButton.setAttribute("aria-disabled", String(isLocked));
    submitButton.hidden = done;
    busyNote.hidden = !(busy || state.submitting) || done;
    if (isLocked) warning.hidden = true;
    for (const button of root.querySelectorAll(".pt-retake")) {
      button.setAttribute("aria-disabled", String(state.retaking || busy));
    }
    for (const qs of state.questions) {
      for (const control of qs.controls) control.disabled = done;
      qs.refresh();
    }
    root.classList.toggle("pt-is-done", done);
  }

  // -- the result ----------------------------------------------------------------
  function retakeButton() {
    return h("button", {
      type: "button",
      class: "pt-button pt-primary pt-retake",
      text: "Try a new version",
      onclick: retake,
    });
  }

  function showResult() {
    const result = model.get("result") || {};
    const done = hasResult();
    resultBox.hidden = !done;
    doneNote.hidden = !done;
    intro.hidden = done;
    if (!done) {
      resultBox.replaceChildren();
      doneNote.replaceChildren();
      for (const qs of state.questions) {
        qs.feedback.hidden = true;
        qs.badge.hidden = true;
        qs.card.classList.remove("is-correct", "is-incorrect");
      }
      return;
    }
    const passed = Boolean(result.passed);
    const passMark = typeof result.pass_mark === "number" ? result.pass_mark : model.get("view").pass_mark;
    resultBox.className = `pt-result ${passed ? "is-passed" : "is-failed"}`;
    // What to do next is said once: the owner's message when it sends one, else a general line.
    const message = typeof result.message === "string" && result.message.trim() ? result.message : null;
    const nextStep = message
      ? h("p", { class: "pt-message", text: message })
      : h("p", {
          text: passed
            ? "Next, please fill in the short course evaluation. Your certificate comes right after it."
            : `You need ${percent(passMark)} to pass. Read the feedback under each question, ` +
              "then try a new version of the post-test. You can retake it as many times as you need.",
        });
    const next = passed
      ? h("div", { class: "pt-next" }, [
          h("p", { class: "pt-next-lead", text: "Congratulations! You have passed this post-test." }),
          nextStep,
        ])
      : h("div", { class: "pt-next" }, [nextStep, retakeButton()]);
    fill(
      resultBox,
      h("div", { class: "pt-result-head" }, [
        icon(passed ? "check" : "cross", "pt-result-icon"),
        h("div", {}, [
          h("h3", {
            class: "pt-result-title",
            id: `${uid}-rt`,
            tabindex: "-1",
            text: passed ? "You passed" : "Not passed yet",
          }),
          h("p", { class: "pt-score" }, [
            h("span", { class: "pt-score-value", text: percent(result.score) }),
            h("span", {
              class: "pt-score-detail",
              text: `${result.correct_count ?? 0} of ${result.total ?? 0} correct · pass mark ${percent(passMark)}`,
            }),
          ]),
        ]),
      ]),
      next,
    );
    fill(
      doneNote,
      h("p", {
        text: passed
          ? "Your answers have been submitted and graded. Your result is at the top of the post-test."
          : "Your answers have been submitted and graded. When you are ready, try a new version.",
      }),
      passed ? null : retakeButton(),
    );
    const items = Array.isArray(result.items) ? result.items : [];
    for (const qs of state.questions) showFeedback(qs, items.find((item) => item && item.key === qs.q.key));
  }

  function showFeedback(qs, item) {
    qs.card.classList.remove("is-correct", "is-incorrect");
    if (!item) {
      qs.feedback.hidden = true;
      qs.badge.hidden = true;
      return;
    }
    const ok = Boolean(item.correct);
    const word = ok ? "Correct" : "Not correct";
    qs.card.classList.add(ok ? "is-correct" : "is-incorrect");
    qs.badge.replaceChildren(icon(ok ? "check" : "cross"), h("span", { text: word }));
    qs.badge.hidden = false;
    // Several chosen options, or several lines of feedback, show as lists rather than run together.
    const yours = textsOf(item.your_answer) ?? textsOf(qs.describe(state.local[qs.q.key])) ?? "No answer";
    const right = textsOf(item.correct_answer);
    const answer = (term, texts) =>
      h("div", {}, [
        h("dt", { text: term }),
        h("dd", { class: Array.isArray(texts) ? "pt-has-list" : null }, listOrText(texts, "pt-answer-list")),
      ]);
    const answers = h("dl", { class: "pt-answers" }, [
      answer("Your answer", yours),
      right ? answer("Correct answer", right) : null,
    ]);
    const feedback = textsOf(item.feedback);
    fill(
      qs.feedback,
      h("p", { class: "pt-verdict" }, [icon(ok ? "check" : "cross"), word]),
      answers,
      Array.isArray(feedback)
        ? listOrText(feedback, "pt-feedback-list")
        : feedback && h("p", { class: "pt-feedback-text", text: feedback }),
      item.rationale
        ? h("p", { class: "pt-rationale" }, [h("strong", { text: "Why: " }), item.rationale])
        : null,
    );
    qs.feedback.hidden = false;
  }

  // -- wiring --------------------------------------------------------------------
  function onView() {
    const view = model.get("view") || {};
    buildHeader(view);
    buildQuestions(view);
    onResponses();
    showResult();
    refreshActions();
    warning.hidden = true;
    state.warned = false;
    if (state.retaking) finishRetake();
  }

  function finishRetake() {
    // A new version replaced the graded one: start again at the top.
    state.retaking = false;
    refreshActions();
    window.setTimeout(() => {
      titleNode.scrollIntoView({ block: "start", behavior: prefersReducedMotion() ? "auto" : "smooth" });
      titleNode.focus({ preventScroll: true });
    }, 0);
  }

  function onResponses() {
    state.local = { ...(model.get("responses") || {}) };
    for (const qs of state.questions) qs.apply(state.local[qs.q.key]);
    refreshProgress();
    if (state.warned) refreshWarning();
  }

  function onResult() {
    const wasSubmitting = state.submitting;
    if (hasResult()) state.submitting = false;
    showResult();
    refreshActions();
    if (!hasResult() && state.retaking) finishRetake();
    if (hasResult() && wasSubmitting) {
      const title = resultBox.querySelector(".pt-result-title");
      scrollTo(resultBox);
      title?.focus({ preventScroll: true });
    }
  }

  function onBusy() {
    if (!model.get("busy")) {
      // Grading ended without a result, or a retake ended without a new test: unlock.
      if (hasResult()) state.retaking = false;
      else state.submitting = false;
    }
    refreshActions();
  }

  function onStatus() {
    const text = model.get("status") || "";
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = text;
    }, 60);
  }

  const handlers = {
    "change:view": onView,
    "change:responses": onResponses,
    "change:result": onResult,
    "change:busy": onBusy,
    "change:status": onStatus,
  };
  for (const [event, handler] of Object.entries(handlers)) model.on(event, handler);
  onView();
  status.textContent = model.get("status") || "";
  if (early) {
    // Swap the copies the moment the widget enters the page (a mutation observer runs
    // before anything is drawn or clicked), so the page never holds both at once.
    const takeOver = () => {
      if (early.warned && !early.submitted) {
        state.warned = true;
        refreshWarning(); // before the focus moves: its links are among the controls
      }
      early.finish(root);
      if (early.submitted) submit(true);
    };
    if (el.isConnected) takeOver();
    else {
      const watch = new MutationObserver(() => {
        if (!el.isConnected) return;
        watch.disconnect();
        takeOver();
      });
      watch.observe(document.body, { childList: true, subtree: true });
    }
  }

  return () => {
    window.clearTimeout(state.timer);
    for (const [event, handler] of Object.entries(handlers)) model.off(event, handler);
  };
}

export default { render };
