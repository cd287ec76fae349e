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

const icon = (name, cls = "ck-test-icon") => h("span", { class: cls, "aria-hidden": "true", html: ICONS[name] });

/** "Move up" on wide screens; the word "Move" is dropped in narrow columns. */
function moveLabel(direction) {
  return h("span", { class: "ck-test-move-label" }, [
    h("span", { class: "ck-test-move-verb", text: "Move " }),
    h("span", { class: "ck-test-move-dir", text: direction }),
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
  return h("ul", { class: `ck-test-list ${cls}` }, texts.map((text) => h("li", { text })));
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

const EARLY = ".ck-test-early";

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
  render({ model, el: box.querySelector(".ck-test-early-host") });
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
  return {
    // The early copy stays in use until the widget enters the page: each of these is
    // read at that moment, so an answer, a Submit or a move of the focus made while
    // the widget was being drawn is carried over too.
    responses: () => early.model.get("responses") || {},
    submitted: () => early.model.submitted,
    // Submit pressed with questions unanswered: the warning (and its Submit anyway) stays.
    warned: () => Boolean(box.querySelector(".ck-test-warning:not([hidden])")),
    finish(root) {
      // Where the focus is: the n-th control of the post-test, or of the page's header.
      const active = document.activeElement;
      const earlyTest = box.querySelector(".ck-test");
      const inTest = earlyTest && earlyTest.contains(active);
      const part = inTest ? earlyTest : box.querySelector(".ck-test-early-page");
      const where = part && part.contains(active) ? focusables(part).indexOf(active) : -1;
      const caret = active && typeof active.selectionStart === "number"
        ? [active.selectionStart, active.selectionEnd] : null;
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

// -- the widget --------------------------------------------------------------------
// Every function below works on one record, `ctx`, made by render(): the model, the
// answers as shown, where a submit or retake stands, and the parts of the page.

function render({ model, el }) {
  const ctx = newContext(model);
  const early = el.closest(EARLY) ? null : takeEarly(model, el);
  if (early) adoptEarlyAnswers(ctx, early.responses());
  el.classList.add("ck-test-host");
  el.replaceChildren(buildRoot(ctx));
  const handlers = listen(ctx);
  onView(ctx);
  ctx.status.textContent = model.get("status") || "";
  if (early) whenInPage(el, () => takeOver(ctx, early));
  return () => {
    window.clearTimeout(ctx.timer);
    for (const [event, handler] of Object.entries(handlers)) model.off(event, handler);
  };
}

/** The widget's state; buildRoot adds the parts of the page. */
function newContext(model) {
  return {
    model,
    uid: `ck-test-${Math.random().toString(36).slice(2, 9)}`, // prefix of the page's ids
    local: { ...(model.get("responses") || {}) }, // the answers as shown
    questions: [], // one record per question card (see buildQuestion)
    submitting: false,
    retaking: false,
    warned: false, // the warning about unanswered questions is up
    timer: null, // waiting for the kernel's reply to a submit
  };
}

/** The answers given in the early copy win over those the kernel had. */
function adoptEarlyAnswers(ctx, responses) {
  const before = JSON.stringify(ctx.local);
  Object.assign(ctx.local, responses);
  if (JSON.stringify(ctx.local) !== before) {
    ctx.model.set("responses", { ...ctx.local });
    ctx.model.save_changes();
  }
}

/** Carry the early copy's warning and pending Submit over, then let the copy go. */
function takeOver(ctx, early) {
  adoptEarlyAnswers(ctx, early.responses());
  const submitted = early.submitted();
  if (early.warned() && !submitted) {
    ctx.warned = true;
    refreshWarning(ctx); // before the focus moves: its links are among the controls
  }
  early.finish(ctx.root);
  if (submitted) submit(ctx, true);
}

/** Run `action` as soon as `el` is in the page. */
function whenInPage(el, action) {
  if (el.isConnected) {
    action();
    return;
  }
  // Swap the copies the moment the widget enters the page (a mutation observer runs
  // before anything is drawn or clicked), so the page never holds both at once.
  const watch = new MutationObserver(() => {
    if (!el.isConnected) return;
    watch.disconnect();
    action();
  });
  watch.observe(document.body, { childList: true, subtree: true });
}

// -- the skeleton, built once --------------------------------------------------------
function buildRoot(ctx) {
  const { uid } = ctx;
  ctx.header = h("header", { class: "ck-test-header" });
  ctx.titleNode = h("h2", { class: "ck-test-title", tabindex: "-1", id: `${uid}-title` });
  ctx.progressText = h("p", { class: "ck-test-progress-text" });
  ctx.progressFill = h("span", { class: "ck-test-progress-fill" });
  ctx.resultBox = h("section", { class: "ck-test-result", hidden: true, "aria-labelledby": `${uid}-rt` });
  ctx.intro = h("p", {
    class: "ck-test-intro",
    text: "Answer each question, then choose Submit answers. Your answers are saved as you go.",
  });
  ctx.list = h("ol", { class: "ck-test-questions" });
  const actions = buildActions(ctx);
  ctx.status = h("div", { class: "ck-test-status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  ctx.announcer = h("div", { class: "ck-visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
  // A named section is a landmark, so the whole post-test is one region screen readers can jump to.
  ctx.root = h("section", { class: "ck-test", "aria-labelledby": `${uid}-title` }, [
    ctx.header,
    ctx.resultBox,
    ctx.intro,
    ctx.list,
    actions,
    ctx.status,
    ctx.announcer,
  ]);
  return ctx.root;
}

/** Submit, the note shown while grading, the warning about unanswered questions, the closing note. */
function buildActions(ctx) {
  ctx.submitButton = h("button", {
    type: "button",
    class: "ck-test-button ck-test-primary",
    text: "Submit answers",
    onclick: () => submit(ctx, false),
  });
  ctx.busyNote = h("span", { class: "ck-test-busy", hidden: true }, [
    h("span", { class: "ck-test-spinner", "aria-hidden": "true" }),
    "Checking your answers…",
  ]);
  ctx.warningText = h("p", { class: "ck-test-warning-text" });
  ctx.warningLinks = h("ul", { class: "ck-test-goto" });
  ctx.warning = h("div", { class: "ck-test-warning", hidden: true }, [
    h("div", { class: "ck-test-warning-head" }, [icon("alert"), ctx.warningText]),
    ctx.warningLinks,
    h("button", {
      type: "button",
      class: "ck-test-button ck-test-secondary",
      text: "Submit anyway",
      onclick: () => submit(ctx, true),
    }),
  ]);
  ctx.doneNote = h("div", { class: "ck-test-done", hidden: true });
  return h("div", { class: "ck-test-actions" }, [
    h("div", { class: "ck-test-submit-row" }, [ctx.submitButton, ctx.busyNote]),
    ctx.warning,
    ctx.doneNote,
  ]);
}

// -- helpers -------------------------------------------------------------------------
function hasResult(ctx) {
  return Object.keys(ctx.model.get("result") || {}).length > 0;
}

function locked(ctx) {
  return ctx.submitting || ctx.model.get("busy") || hasResult(ctx);
}

function announce(ctx, text) {
  ctx.announcer.textContent = "";
  window.setTimeout(() => {
    ctx.announcer.textContent = text;
  }, 60);
}

/** Record the learner's answer to one question. */
function push(ctx, key, value) {
  if (locked(ctx)) {
    onResponses(ctx); // answers are closed while grading: put the controls back
    return;
  }
  if (isAnswered(value)) ctx.local[key] = value;
  else delete ctx.local[key];
  ctx.model.set("responses", { ...ctx.local });
  ctx.model.save_changes();
  refreshProgress(ctx);
  if (ctx.warned) refreshWarning(ctx);
}

function missingNumbers(ctx) {
  return ctx.questions.filter((qs) => !isAnswered(ctx.local[qs.q.key])).map((qs) => qs.number);
}

// An ordering question left as shown is answered (its order is the answer): never warned about.
function missingToWarn(ctx) {
  return ctx.questions
    .filter((qs) => qs.q.type !== "ordering" && !isAnswered(ctx.local[qs.q.key]))
    .map((qs) => qs.number);
}

function scrollTo(node) {
  node.scrollIntoView({ block: "center", behavior: prefersReducedMotion() ? "auto" : "smooth" });
}

// -- header --------------------------------------------------------------------------
function buildHeader(ctx, view) {
  const total = (view.questions || []).length;
  const meta = h("ul", { class: "ck-test-meta" });
  if (typeof view.pass_mark === "number") {
    meta.append(h("li", {}, [icon("target"), `Pass mark: ${percent(view.pass_mark)}`]));
  }
  if (typeof view.time_estimate_minutes === "number") {
    meta.append(h("li", {}, [icon("clock"), `About ${view.time_estimate_minutes} minutes`]));
  }
  meta.append(h("li", {}, [icon("list"), `${total} ${total === 1 ? "question" : "questions"}`]));
  ctx.titleNode.textContent = view.title || "Post-test";
  ctx.header.replaceChildren(
    h("p", { class: "ck-test-eyebrow", text: view.practice ? "Refresher (practice)" : "Post-test" }),
    ctx.titleNode,
    meta,
    h("div", { class: "ck-test-progress" }, [
      ctx.progressText,
      h("span", { class: "ck-test-progress-bar", "aria-hidden": "true" }, [ctx.progressFill]),
    ]),
  );
}

function refreshProgress(ctx) {
  const total = ctx.questions.length;
  const done = total - missingNumbers(ctx).length;
  ctx.progressText.textContent = `${done} of ${total} answered`;
  ctx.progressFill.style.width = total ? `${(100 * done) / total}%` : "0";
}

// -- questions -----------------------------------------------------------------------
// Each question's record (`qs`) is filled by the builder of its kind: `apply` shows an
// answer, `describe` puts one in words, `controls` are disabled once graded, `first`
// is where "Go to question" lands, and `refresh` redraws what depends on the lock.

function buildQuestions(ctx, view) {
  const questions = Array.isArray(view.questions) ? view.questions : [];
  ctx.questions = questions.map((q, i) => buildQuestion(ctx, q, i, questions.length));
  ctx.list.replaceChildren(...ctx.questions.map((qs) => qs.card));
  if (ctx.questions.length === 0) {
    ctx.list.append(h("li", { class: "ck-test-card ck-test-empty", text: "This post-test has no questions yet." }));
  }
}

function buildQuestion(ctx, q, index, total) {
  const qid = `${ctx.uid}-q${index}`;
  const qs = { q, number: index + 1, refresh: () => {} };
  const hintId = `${qid}-hint`;
  const badge = h("span", { class: "ck-test-badge", hidden: true });
  const heading = h("h3", { class: "ck-test-qnum" }, [
    h("span", {}, [`Question ${index + 1} `, h("span", { class: "ck-test-qof", text: `of ${total}` })]),
    badge,
  ]);
  const fieldset = h("fieldset", { class: "ck-test-fieldset" });
  fieldset.append(h("legend", { class: "ck-test-prompt", text: q.prompt }));
  if (q.type === "numeric") {
    fieldset.append(buildNumeric(ctx, qs, qid));
  } else {
    fieldset.setAttribute("aria-describedby", hintId);
    const hint = [TYPE_HINTS[q.type], q.hint].filter(Boolean).join(" ");
    fieldset.append(h("p", { class: "ck-test-hint", id: hintId, text: hint }));
    fieldset.append(q.type === "ordering" ? buildOrdering(ctx, qs, qid) : buildChoice(ctx, qs, qid));
  }
  const feedback = h("div", { class: "ck-test-feedback", id: `${qid}-feedback`, hidden: true });
  qs.card = h("li", { class: "ck-test-card", "data-key": q.key }, [heading, fieldset, feedback]);
  qs.badge = badge;
  qs.feedback = feedback;
  return qs;
}

function buildChoice(ctx, qs, qid) {
  const { q } = qs;
  const multiple = q.type === "multiple";
  const box = h("div", { class: "ck-test-options" });
  const inputs = optionsOf(q).map((option, index) => {
    const input = h("input", {
      type: multiple ? "checkbox" : "radio",
      name: `${qid}-choice`,
      value: option.key,
      class: "ck-test-check",
      onchange: () => {
        if (multiple) push(ctx, q.key, inputs.filter((i) => i.checked).map((i) => i.value));
        else push(ctx, q.key, input.value);
      },
    });
    box.append(
      h("label", { class: "ck-test-option", id: `${qid}-o${index}` }, [
        input,
        h("span", { class: "ck-test-option-text", text: option.text }),
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

function buildNumeric(ctx, qs, qid) {
  const { q } = qs;
  const field = { hintId: `${qid}-input-hint`, errorId: `${qid}-input-error` };
  field.input = h("input", {
    type: "text",
    inputmode: "decimal",
    autocomplete: "off",
    spellcheck: "false",
    id: `${qid}-input`,
    class: "ck-test-text",
    "aria-describedby": field.hintId,
    oninput: () => {
      checkNumber(field);
      push(ctx, q.key, field.input.value);
    },
  });
  field.error = h("p", { class: "ck-test-input-error", id: field.errorId, hidden: true }, [
    icon("alert"),
    "This does not look like a number. Use digits, for example 4,759.",
  ]);
  qs.apply = (answer) => {
    const value = typeof answer === "string" ? answer : "";
    // Never overwrite what the learner is typing.
    if (field.input.value !== value && document.activeElement !== field.input) {
      field.input.value = value;
      checkNumber(field);
    }
  };
  qs.describe = (answer) => answer || "";
  qs.controls = [field.input];
  qs.first = () => field.input;
  return numericBox(field, q);
}

/** The number's label, hint, input between its unit's signs, and error. */
function numericBox(field, q) {
  const unit = UNITS[q.unit] || {};
  return h("div", { class: "ck-test-numeric" }, [
    h("label", {
      class: "ck-test-input-label",
      for: field.input.id,
      text: unit.words ? `Your answer (${unit.words})` : "Your answer",
    }),
    h("p", { class: "ck-test-hint", id: field.hintId, text: q.hint || TYPE_HINTS.numeric }),
    h("div", { class: "ck-test-input-wrap" }, [
      unit.prefix ? h("span", { class: "ck-test-affix", "aria-hidden": "true", text: unit.prefix }) : null,
      field.input,
      unit.suffix ? h("span", { class: "ck-test-affix", "aria-hidden": "true", text: unit.suffix }) : null,
    ]),
    field.error,
  ]);
}

/** Show the error, and mark the input invalid, while its text does not look like a number. */
function checkNumber({ input, error, hintId, errorId }) {
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

function buildOrdering(ctx, qs, qid) {
  const options = optionsOf(qs.q);
  const steps = {
    list: h("ol", { class: "ck-test-order" }),
    items: new Map(), // key -> { li, pos, up, down }
    textOf: (key) => options.find((o) => o.key === key)?.text ?? key,
    shown: () => Array.from(steps.list.children, (li) => li.dataset.key),
  };
  options.forEach((option, index) => {
    const item = buildStep(option, `${qid}-s${index}`, (delta, which) =>
      moveStep(ctx, qs, steps, option.key, delta, which),
    );
    steps.items.set(option.key, item);
    steps.list.append(item.li);
  });
  const viewOrder = options.map((o) => o.key);
  qs.apply = (answer) => arrangeSteps(ctx, steps, isOrderOf(answer, viewOrder) ? answer : viewOrder);
  qs.refresh = () => arrangeSteps(ctx, steps, steps.shown());
  qs.shown = steps.shown;
  qs.describe = (answer) =>
    (Array.isArray(answer) ? answer : []).map((key, i) => `${i + 1}. ${steps.textOf(key)}`).join("; ");
  qs.controls = Array.from(steps.items.values(), (item) => [item.up, item.down]).flat();
  qs.first = () => steps.items.get(steps.shown()[0])?.down;
  return steps.list;
}

/** One step of an ordering question, with its position and its move buttons. */
function buildStep(option, textId, move) {
  const up = h("button", {
    type: "button",
    class: "ck-test-move",
    "aria-label": `Move up: ${option.text}`,
    onclick: () => move(-1, "up"),
  }, [icon("up"), moveLabel("up")]);
  const down = h("button", {
    type: "button",
    class: "ck-test-move",
    "aria-label": `Move down: ${option.text}`,
    onclick: () => move(+1, "down"),
  }, [icon("down"), moveLabel("down")]);
  const pos = h("span", { class: "ck-test-step-pos", "aria-hidden": "true" });
  const li = h("li", { class: "ck-test-step", "data-key": option.key }, [
    pos,
    h("span", { class: "ck-test-step-text", id: textId, text: option.text }),
    h("span", { class: "ck-test-step-moves" }, [up, down]),
  ]);
  return { li, pos, up, down };
}

/** Whether `answer` is an order of exactly the keys `keys`. */
function isOrderOf(answer, keys) {
  return Array.isArray(answer) && answer.length === keys.length && keys.every((key) => answer.includes(key));
}

function arrangeSteps(ctx, steps, order) {
  if (steps.shown().join("\u0000") !== order.join("\u0000")) {
    for (const key of order) steps.list.append(steps.items.get(key).li);
  }
  order.forEach((key, index) => {
    const item = steps.items.get(key);
    item.pos.textContent = `${index + 1}`;
    item.up.setAttribute("aria-disabled", String(index === 0 || locked(ctx)));
    item.down.setAttribute("aria-disabled", String(index === order.length - 1 || locked(ctx)));
  });
}

function moveStep(ctx, qs, steps, key, delta, which) {
  if (locked(ctx)) return;
  const order = steps.shown();
  const from = order.indexOf(key);
  const to = from + delta;
  const text = steps.textOf(key);
  if (to < 0 || to >= order.length) {
    announce(ctx, `“${text}” is already ${to < 0 ? "first" : "last"}.`);
    return;
  }
  [order[from], order[to]] = [order[to], order[from]];
  arrangeSteps(ctx, steps, order);
  push(ctx, qs.q.key, order);
  const item = steps.items.get(key);
  // Keep focus on the pressed button, even at the end of the list, so that
  // pressing it again says "already first" instead of moving another step.
  (which === "up" ? item.up : item.down).focus();
  announce(ctx, `Moved “${text}” to position ${to + 1} of ${order.length}.`);
}

// -- submitting ----------------------------------------------------------------------
function refreshWarning(ctx) {
  const missing = missingToWarn(ctx);
  if (missing.length === 0 || locked(ctx)) {
    ctx.warning.hidden = true;
    ctx.warned = false;
    return;
  }
  const one = missing.length === 1;
  ctx.warningText.textContent =
    `${one ? "Question" : "Questions"} ${listWords(missing)} ${one ? "is" : "are"} not answered yet. ` +
    `Answer ${one ? "it" : "them"}, or choose Submit anyway.`;
  ctx.warningLinks.replaceChildren(...missing.map((number) => goToLink(ctx, number)));
  ctx.warning.hidden = false;
}

function goToLink(ctx, number) {
  return h("li", {}, [
    h("button", {
      type: "button",
      class: "ck-test-link",
      text: `Go to question ${number}`,
      onclick: () => goToQuestion(ctx, number),
    }),
  ]);
}

function goToQuestion(ctx, number) {
  const target = ctx.questions[number - 1];
  scrollTo(target.card);
  target.first()?.focus({ preventScroll: true });
}

function submit(ctx, anyway) {
  if (locked(ctx)) return;
  const missing = missingToWarn(ctx);
  if (missing.length > 0 && !anyway) {
    warnMissing(ctx, missing);
    return;
  }
  for (const qs of ctx.questions) {
    if (qs.q.type === "ordering" && !isAnswered(ctx.local[qs.q.key])) push(ctx, qs.q.key, qs.shown());
  }
  ctx.submitting = true;
  ctx.warned = false;
  refreshActions(ctx);
  // The answers travel with the submit: an answer changed just before it may still be
  // waiting to be sent, and the kernel grades what the learner sees.
  ctx.model.send({ event: "submit", responses: { ...ctx.local } });
  awaitReply(ctx);
}

function warnMissing(ctx, missing) {
  ctx.warned = true;
  refreshWarning(ctx);
  announce(
    ctx,
    `Please answer question${missing.length === 1 ? "" : "s"} ${listWords(missing)} ` +
      "or choose Submit anyway.",
  );
}

/** Unlock Submit if the kernel neither starts grading nor answers within 30 seconds. */
function awaitReply(ctx) {
  window.clearTimeout(ctx.timer);
  ctx.timer = window.setTimeout(() => {
    if (ctx.submitting && !ctx.model.get("busy") && !hasResult(ctx)) {
      ctx.submitting = false;
      refreshActions(ctx);
      announce(ctx, "No reply yet from the course. Please choose Submit answers again.");
    }
  }, 30000);
}

function retake(ctx) {
  if (ctx.retaking || ctx.model.get("busy")) return;
  ctx.retaking = true;
  refreshActions(ctx);
  ctx.model.send({ event: "retake" });
}

function refreshActions(ctx) {
  const done = hasResult(ctx);
  const busy = ctx.model.get("busy");
  const isLocked = locked(ctx);
  ctx.submitButton.setAttribute("aria-disabled", String(isLocked));
  ctx.submitButton.hidden = done;
  ctx.busyNote.hidden = !(busy || ctx.submitting) || done;
  if (isLocked) ctx.warning.hidden = true;
  for (const button of ctx.root.querySelectorAll(".ck-test-retake")) {
    button.setAttribute("aria-disabled", String(ctx.retaking || busy));
  }
  for (const qs of ctx.questions) {
    for (const control of qs.controls) control.disabled = done;
    qs.refresh();
  }
  ctx.root.classList.toggle("ck-is-done", done);
}

// -- the result ----------------------------------------------------------------------
function retakeButton(ctx) {
  return h("button", {
    type: "button",
    class: "ck-test-button ck-test-primary ck-test-retake",
    text: "Try a new version",
    onclick: () => retake(ctx),
  });
}

function showResult(ctx) {
  const result = ctx.model.get("result") || {};
  const done = hasResult(ctx);
  ctx.resultBox.hidden = !done;
  ctx.doneNote.hidden = !done;
  ctx.intro.hidden = done;
  if (!done) {
    clearResult(ctx);
    return;
  }
  const passed = Boolean(result.passed);
  const passMark = typeof result.pass_mark === "number" ? result.pass_mark : ctx.model.get("view").pass_mark;
  ctx.resultBox.className =
    `ck-test-result ${result.practice ? "ck-is-practice" : passed ? "ck-is-passed" : "ck-is-failed"}`;
  const next = nextSteps(ctx, result, passed, passMark);
  fill(ctx.resultBox, resultHead(ctx, result, passed, passMark), objectiveList(result), next);
  fill(
    ctx.doneNote,
    h("p", {
      text: passed
        ? `Your answers have been submitted and graded. Your result is at the top of the ${result.practice ? "refresher" : "post-test"}.`
        : "Your answers have been submitted and graded. When you are ready, try a new version.",
    }),
    passed ? null : retakeButton(ctx),
  );
  const items = Array.isArray(result.items) ? result.items : [];
  for (const qs of ctx.questions) showFeedback(ctx, qs, items.find((item) => item && item.key === qs.q.key));
}

function clearResult(ctx) {
  ctx.resultBox.replaceChildren();
  ctx.doneNote.replaceChildren();
  for (const qs of ctx.questions) {
    qs.feedback.hidden = true;
    qs.badge.hidden = true;
    qs.card.classList.remove("ck-is-correct", "ck-is-incorrect");
  }
}

/** The verdict and the score. */
function resultHead(ctx, result, passed, passMark) {
  return h("div", { class: "ck-test-result-head" }, [
    icon(result.practice ? "list" : passed ? "check" : "cross", "ck-test-result-icon"),
    h("div", {}, [
      h("h3", {
        class: "ck-test-result-title",
        id: `${ctx.uid}-rt`,
        tabindex: "-1",
        text: result.practice ? "Refresher done" : passed ? "You passed" : "Not passed yet",
      }),
      h("p", { class: "ck-test-score" }, [
        h("span", { class: "ck-test-score-value", text: percent(result.score) }),
        h("span", {
          class: "ck-test-score-detail",
          text: result.practice
            ? `${result.correct_count ?? 0} of ${result.total ?? 0} correct · practice, no score kept for credit`
            : `${result.correct_count ?? 0} of ${result.total ?? 0} correct · pass mark ${percent(passMark)}`,
        }),
      ]),
    ]),
  ]);
}

/** The score on each objective; under each one missed, a link to the lesson section that teaches it. */
function objectiveList(result) {
  const scores = Array.isArray(result.objectives) ? result.objectives.filter((s) => s && typeof s.text === "string") : [];
  if (!scores.length) return null;
  return h("div", { class: "ck-test-objectives" }, [
    h("h4", { class: "ck-test-objectives-title", text: "Your result by objective" }),
    h("ul", {}, scores.map((score) => {
      const missed = Number(score.correct) < Number(score.total);
      return h("li", { class: missed ? "ck-is-missed" : "ck-is-met" }, [
        h("span", { class: "ck-test-objective-text", text: `${score.text}: ` }),
        h("strong", { text: `${score.correct ?? 0} of ${score.total ?? 0} right` }),
        missed ? sectionLink(score) : null,
      ]);
    })),
  ]);
}

/** A link to the lesson section an objective names (same site only), or nothing. */
function sectionLink(score) {
  if (typeof score.href !== "string" || typeof score.section_title !== "string") return null;
  let target;
  try { target = new URL(score.href, window.location.href); } catch (error) { return null; }
  if (target.origin !== window.location.origin) return null;
  return h("span", { class: "ck-test-objective-review" }, [
    "Review ",
    h("a", { href: target.href, text: score.section_title }),
    " in the lesson.",
  ]);
}

/** What to do next, said once: the owner's message when it sends one, else a general line. */
function nextSteps(ctx, result, passed, passMark) {
  const message = typeof result.message === "string" && result.message.trim() ? result.message : null;
  if (result.practice) {
    return h("div", { class: "ck-test-next" }, [
      h("p", { class: "ck-test-message", text: message ||
        "Read the feedback and the right answer under each question. Nothing here changes your scores or your CE credit." }),
      h("button", { type: "button", class: "ck-test-button ck-test-retake", text: "Another refresher",
        onclick: () => retake(ctx) }),
      nextLink(result),
    ].filter(Boolean));
  }
  const nextStep = message
    ? h("p", { class: "ck-test-message", text: message })
    : h("p", {
        text: passed
          ? "Next, please fill in the short course evaluation. Your certificate comes right after it."
          : `You need ${percent(passMark)} to pass. Go back over the lesson sections listed ` +
            "under the objectives you missed, then try a new version of the post-test.",
      });
  return passed
    ? h("div", { class: "ck-test-next" }, [
        h("p", { class: "ck-test-next-lead", text: "Congratulations! You have passed this post-test." }),
        nextStep,
        nextLink(result),
      ].filter(Boolean))
    : h("div", { class: "ck-test-next" }, [nextStep, retakeButton(ctx)]);
}

/** The page's next step as the banner's main button, when the owner names one (same site only). */
function nextLink(result) {
  const next = result.next;
  if (!next || typeof next.href !== "string" || typeof next.label !== "string") return null;
  let target;
  try { target = new URL(next.href, window.location.href); } catch (error) { return null; }
  if (target.origin !== window.location.origin) return null;
  return h("p", {}, [h("a", { class: "ck-test-button ck-test-primary ck-test-next-link",
    href: target.href, text: next.label })]);
}

/** Mark one question's card right or wrong and show its feedback (`item` is its graded entry). */
function showFeedback(ctx, qs, item) {
  qs.card.classList.remove("ck-is-correct", "ck-is-incorrect");
  if (!item) {
    qs.feedback.hidden = true;
    qs.badge.hidden = true;
    return;
  }
  const ok = Boolean(item.correct);
  const word = ok ? "Correct" : "Not correct";
  qs.card.classList.add(ok ? "ck-is-correct" : "ck-is-incorrect");
  qs.badge.replaceChildren(icon(ok ? "check" : "cross"), h("span", { text: word }));
  qs.badge.hidden = false;
  fill(
    qs.feedback,
    h("p", { class: "ck-test-verdict" }, [icon(ok ? "check" : "cross"), word]),
    ...feedbackDetails(ctx, qs, item),
  );
  qs.feedback.hidden = false;
}

/** The learner's answer, the correct one, the feedback and the why, under the verdict. */
function feedbackDetails(ctx, qs, item) {
  // Several chosen options, or several lines of feedback, show as lists rather than run together.
  const yours = textsOf(item.your_answer) ?? textsOf(qs.describe(ctx.local[qs.q.key])) ?? "No answer";
  const right = textsOf(item.correct_answer);
  const feedback = textsOf(item.feedback);
  return [
    h("dl", { class: "ck-test-answers" }, [
      answerEntry("Your answer", yours),
      right ? answerEntry("Correct answer", right) : null,
    ]),
    Array.isArray(feedback)
      ? listOrText(feedback, "ck-test-feedback-list")
      : feedback && h("p", { class: "ck-test-feedback-text", text: feedback }),
    item.rationale
      ? h("p", { class: "ck-test-rationale" }, [h("strong", { text: "Why: " }), item.rationale])
      : null,
  ];
}

function answerEntry(term, texts) {
  return h("div", {}, [
    h("dt", { text: term }),
    h("dd", { class: Array.isArray(texts) ? "ck-test-has-list" : null }, listOrText(texts, "ck-test-answer-list")),
  ]);
}

// -- the model's events --------------------------------------------------------------
function listen(ctx) {
  const handlers = {
    "change:view": () => onView(ctx),
    "change:responses": () => onResponses(ctx),
    "change:result": () => onResult(ctx),
    "change:busy": () => onBusy(ctx),
    "change:status": () => onStatus(ctx),
  };
  for (const [event, handler] of Object.entries(handlers)) ctx.model.on(event, handler);
  return handlers;
}

function onView(ctx) {
  const view = ctx.model.get("view") || {};
  buildHeader(ctx, view);
  buildQuestions(ctx, view);
  onResponses(ctx);
  showResult(ctx);
  refreshActions(ctx);
  ctx.warning.hidden = true;
  ctx.warned = false;
  if (ctx.retaking) finishRetake(ctx);
}

function finishRetake(ctx) {
  // A new version replaced the graded one: start again at the top.
  ctx.retaking = false;
  refreshActions(ctx);
  window.setTimeout(() => {
    ctx.titleNode.scrollIntoView({ block: "start", behavior: prefersReducedMotion() ? "auto" : "smooth" });
    ctx.titleNode.focus({ preventScroll: true });
  }, 0);
}

function onResponses(ctx) {
  ctx.local = { ...(ctx.model.get("responses") || {}) };
  for (const qs of ctx.questions) qs.apply(ctx.local[qs.q.key]);
  refreshProgress(ctx);
  if (ctx.warned) refreshWarning(ctx);
}

function onResult(ctx) {
  const wasSubmitting = ctx.submitting;
  if (hasResult(ctx)) ctx.submitting = false;
  showResult(ctx);
  refreshActions(ctx);
  if (!hasResult(ctx) && ctx.retaking) finishRetake(ctx);
  if (hasResult(ctx) && wasSubmitting) {
    const title = ctx.resultBox.querySelector(".ck-test-result-title");
    scrollTo(ctx.resultBox);
    title?.focus({ preventScroll: true });
  }
}

function onBusy(ctx) {
  if (!ctx.model.get("busy")) {
    // Grading ended without a result, or a retake ended without a new test: unlock.
    if (hasResult(ctx)) ctx.retaking = false;
    else ctx.submitting = false;
  }
  refreshActions(ctx);
}

function onStatus(ctx) {
  const text = ctx.model.get("status") || "";
  ctx.status.textContent = "";
  window.setTimeout(() => {
    ctx.status.textContent = text;
  }, 60);
}

export default { render };
