// Accessible form (anywidget front end for widgets/_form.py's FormWidget).
//
// Draws the form from its description: labelled fields, radio groups in fieldsets,
// hints and errors tied to their field. The learner's values go to the kernel on
// submit; the kernel answers with a message per field, or accepts them.

function setFlag(input, on) {
  if (on) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

function readMemory(key) {
  try {
    const value = JSON.parse(window.localStorage.getItem(key) || "null");
    const ok = value && typeof value.token === "string" && typeof value.name === "string";
    return ok ? value : null;
  } catch (error) { return null; }
}
function writeMemory(key, value) {
  try {
    if (value) window.localStorage.setItem(key, JSON.stringify(value));
    else window.localStorage.removeItem(key);
  } catch (error) { /* storage may be off: links still carry the session */ }
}
function readDraft(key) {
  try { return JSON.parse(window.sessionStorage.getItem(key) || "{}") || {}; }
  catch (error) { return {}; }
}
function writeDraft(key, value) {
  try {
    if (value) window.sessionStorage.setItem(key, JSON.stringify(value));
    else window.sessionStorage.removeItem(key);
  } catch (error) { /* ignore */ }
}

function render({ model, el }) {
  const spec = model.get("spec");
  const uid = "ck-form-" + Math.random().toString(36).slice(2, 9);
  const level = Math.min(Math.max(spec.heading_level || 2, 2), 5);
  const draftKey = spec.draft_key ? "caserate-course:draft:" + spec.draft_key : "";
  const root = h("div", { class: "ck-form mathjax_ignore tex2jax_ignore" });
  el.append(root);

  const memoryKey = spec.memory_key;
  if (spec.forget) {
    const known = readMemory(memoryKey);
    const drop = spec.forget === "all" || (known && known.token === spec.forget);
    if (drop) writeMemory(memoryKey, null);
  }
  if (spec.offer_resume) {
    const known = readMemory(memoryKey);
    if (known) root.append(resumePanel(known));
  }

  function resumePanel(known) {
    const here = window.location.pathname + "?token=" + encodeURIComponent(known.token);
    const panel = h("section", { class: "ck-form-resume", "aria-labelledby": uid + "-resume" });
    const forget = h("button", { type: "button", class: "ck-form-linkbutton" },
      "Forget me on this computer");
    forget.addEventListener("click", () => {
      writeMemory(memoryKey, null);
      panel.replaceChildren(h("p", { role: "status", tabindex: "-1",
        text: "Done: this computer no longer remembers you. Sign in below." }));
      panel.firstChild.focus();
    });
    panel.append(
      h("h" + level, { id: uid + "-resume", text: "Welcome back" }),
      h("p", {}, ["This computer remembers ", h("strong", { text: known.name }), "."]),
      h("p", {}, [h("a", { class: "ck-form-button", href: here }, [
        "Continue as ", h("span", { text: known.name })])]),
      h("p", { class: "ck-form-small" }, [
        "Not you, or on a shared computer? ", forget, " and sign in below."]),
    );
    return panel;
  }

  const form = h("form", { class: "ck-form-card", novalidate: true,
    "aria-labelledby": uid + "-title" });
  const title = h("h" + level, { id: uid + "-title", class: "ck-form-title", tabindex: "-1",
    text: spec.title });
  form.append(title);
  if (spec.intro) form.append(h("p", { class: "ck-form-intro", text: spec.intro }));
  const summary = h("div", { class: "ck-form-summary", tabindex: "-1", hidden: true,
    "aria-labelledby": uid + "-summary-title" });
  form.append(summary);

  const parts = {};
  const draft = draftKey ? readDraft(draftKey) : {};
  for (const f of spec.fields) {
    const id = `${uid}-${f.name}`;
    const hint = f.hint ? h("p", { class: "ck-form-hint", id: id + "-hint", text: f.hint }) : null;
    const error = h("p", { class: "ck-form-error", id: id + "-error", hidden: true });
    const labelText = f.label + (f.required ? "" : " (optional)");
    if (f.kind === "choice") {
      const group = h("fieldset", { class: "ck-form-field ck-form-choice" + (f.scale ? " ck-form-scale" : ""),
        id, "aria-describedby": hint ? id + "-hint" : null });
      group.append(h("legend", { class: "ck-form-label", text: labelText }));
      if (hint) group.append(hint);
      group.append(error);
      const list = h("div", { class: "ck-form-options" });
      f.options.forEach((option, index) => {
        const input = h("input", { type: "radio", name: id, id: `${id}-${index}`,
          value: option.value, "aria-required": f.required ? "true" : null });
        if (draft[f.name] === option.value) input.checked = true;
        list.append(h("label", { class: "ck-form-option", for: `${id}-${index}` },
          [input, h("span", { text: option.label })]));
      });
      group.append(list);
      form.append(group);
      parts[f.name] = { field: f, box: group, error, hintId: hint ? id + "-hint" : "",
        focusTarget: () => group.querySelector("input:checked") || group.querySelector("input"),
        value: () => (group.querySelector("input:checked") || { value: "" }).value,
        describe: (ids) => group.setAttribute("aria-describedby", ids) ,
        invalid: (on) => group.querySelectorAll("input").forEach((input) => setFlag(input, on)),
        disable: (on) => group.querySelectorAll("input").forEach((input) => {
          input.disabled = on;
        }) };
    } else {
      const box = h("div", { class: "ck-form-field", id: id + "-box" });
      const attrs = { id, name: f.name, autocomplete: f.autocomplete || null,
        "aria-describedby": hint ? id + "-hint" : null,
        "aria-required": f.required ? "true" : null,
        spellcheck: f.kind === "email" ? "false" : null };
      const input = f.kind === "textarea"
        ? h("textarea", { ...attrs, rows: 5 })
        : h("input", { ...attrs, type: f.kind === "email" ? "email" : "text" });
      if (typeof draft[f.name] === "string") input.value = draft[f.name];
      else if (f.value) input.value = f.value;
      box.append(h("label", { class: "ck-form-label", for: id, text: labelText }));
      if (hint) box.append(hint);
      box.append(error, input);
      form.append(box);
      parts[f.name] = { field: f, box, error, hintId: hint ? id + "-hint" : "",
        focusTarget: () => input, value: () => input.value,
        describe: (ids) => ids
          ? input.setAttribute("aria-describedby", ids)
          : input.removeAttribute("aria-describedby"),
        invalid: (on) => setFlag(input, on),
        disable: (on) => { input.readOnly = on; } };
      // No length cap on the box (it would cut a paste silently): over the limit, say so.
      input.addEventListener("input", () => showLength(parts[f.name]));
    }
  }

  const button = h("button", { type: "submit", class: "ck-form-button", text: spec.submit_label });
  const status = h("p", { class: "ck-form-status", role: "status", tabindex: "-1" });
  form.append(h("div", { class: "ck-form-buttons" }, [button]), status);
  root.append(form);

  const values = () => Object.fromEntries(Object.entries(parts).map(([n, p]) => [n, p.value()]));
  if (draftKey) form.addEventListener("input", () => writeDraft(draftKey, values()));
  if (draftKey) form.addEventListener("change", () => writeDraft(draftKey, values()));

  let pending = false;
  let slowTimer = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (pending || model.get("done")) return;
    pending = true;
    button.setAttribute("aria-disabled", "true");
    button.classList.add("ck-form-busy");
    status.textContent = "Sending…";
    model.send({ event: "submit", values: values() });
    slowTimer = window.setTimeout(() => {
      if (!pending) return;
      status.textContent = "The course server has not answered yet. Your answers are kept " +
        "in this page; if nothing happens in a minute, reload the page and send them again.";
      pending = false;
      button.removeAttribute("aria-disabled");
      button.classList.remove("ck-form-busy");
    }, 20000);
  });

  function showErrors() {
    const errors = model.get("errors") || {};
    const names = Object.keys(parts).filter((name) => errors[name]);
    for (const [name, part] of Object.entries(parts)) {
      const message = errors[name];
      part.box.classList.toggle("ck-form-has-error", Boolean(message));
      part.error.hidden = !message;
      part.error.replaceChildren(...(message
        ? [h("span", { class: "ck-visually-hidden", text: "Error: " }), message] : []));
      part.invalid(Boolean(message));
      const ids = [part.hintId, message ? part.error.id : ""].filter(Boolean).join(" ");
      part.describe(ids);
    }
    summary.replaceChildren();
    summary.hidden = names.length === 0;
    if (!names.length) return;
    const list = h("ul", { class: "ck-form-summary-list" });
    for (const name of names) {
      const target = parts[name];
      const anchor = h("a", { href: "#" + target.box.id, text: errors[name] });
      anchor.addEventListener("click", (event) => {
        event.preventDefault();
        const input = target.focusTarget();
        if (input) input.focus();
      });
      list.append(h("li", {}, [anchor]));
    }
    summary.append(
      h("h" + Math.min(level + 1, 6), { id: uid + "-summary-title", class: "ck-form-summary-title",
        text: "There is a problem" }), list);
    summary.focus();
  }

  function showLength(part) {
    const length = [...part.value()].length;
    const limit = part.field.max_length;
    const over = limit && length > limit;
    if (!over && !part.tooLong) return;
    part.tooLong = over;
    const message = over ? `${part.field.label} has ${length} characters: at most ${limit} ` +
      `fit. Shorten it by ${length - limit}.` : "";
    part.box.classList.toggle("ck-form-has-error", Boolean(message));
    part.error.hidden = !message;
    part.error.replaceChildren(...(message
      ? [h("span", { class: "ck-visually-hidden", text: "Error: " }), message] : []));
    part.invalid(Boolean(message));
    part.describe([part.hintId, message ? part.error.id : ""].filter(Boolean).join(" "));
  }

  function showDone() {
    const done = model.get("done");
    const hadFocus = form.contains(document.activeElement);
    button.hidden = done;
    if (done && hadFocus) status.focus();
    for (const part of Object.values(parts)) part.disable(done);
    if (done && draftKey) writeDraft(draftKey, null);
  }

  function showStatus() { status.textContent = model.get("status") || ""; }

  function onAnswered() {
    pending = false;
    if (slowTimer) window.clearTimeout(slowTimer);
    button.removeAttribute("aria-disabled");
    button.classList.remove("ck-form-busy");
  }

  function onRemember() {
    const memory = model.get("remember") || {};
    if (!memory.token) return;
    writeMemory(memoryKey, { token: memory.token, name: memory.name || "" });
    try {
      const url = new URL(window.location.href);
      url.search = "?token=" + encodeURIComponent(memory.token);
      window.history.replaceState(null, "", url.toString());
    } catch (error) { /* the links still carry the session */ }
    focusNewHeading(document.getElementById("page-title"));
  }

  // The kernel replaces the page after a sign-in: open the new page at its top (the top bar
  // in view) and take the focus to its heading.
  function focusNewHeading(old) {
    let tries = 0;
    const timer = window.setInterval(() => {
      const heading = document.getElementById("page-title");
      tries += 1;
      if ((heading && heading !== old) || tries > 50) {
        window.clearInterval(timer);
        if (!heading || heading === old) return;
        if (window.ckKeepPlace) window.ckKeepPlace.top();  // the top is now the place to keep
        const panel = document.getElementById("rendered_cells");
        if (panel) panel.scrollTop = 0;
        window.scrollTo(0, 0);
        heading.focus({ preventScroll: true });
      }
    }, 100);
  }

  model.on("change:errors", showErrors);
  model.on("change:status", showStatus);
  model.on("change:answered", onAnswered);
  model.on("change:done", showDone);
  model.on("change:remember", onRemember);
  showStatus();
  showDone();
  if (Object.keys(model.get("errors") || {}).length) showErrors();
  return () => { if (slowTimer) window.clearTimeout(slowTimer); };
}

export default { render };
