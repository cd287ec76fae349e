// Radio groups with feedback, for the clinical exercises (anywidget front end).
//
// Each group is a <fieldset> named by its <legend>, with one radio `name`, so a
// screen reader reads the statement or question together with its choices.
// The page only writes the learner's choices into `values`; it never knows an
// answer. After the kernel checks them it sends `feedback`, shown in the group.

const ICONS = {
  correct: SVG('<circle cx="12" cy="12" r="10"/><path d="M7.5 12.5l3 3 6-6.5"/>'),
  incorrect: SVG('<circle cx="12" cy="12" r="10"/><path d="M8.5 8.5l7 7M15.5 8.5l-7 7"/>'),
  info: SVG('<circle cx="12" cy="12" r="10"/><path d="M12 11v6M12 7.5v.2"/>'),
};

function render({ model, el }) {
  const uid = `ck-groups-${Math.random().toString(36).slice(2, 9)}`;
  const root = h("div", { class: "ck-groups" });
  el.classList.add("ck-groups-host");
  el.replaceChildren(root);
  let views = new Map();

  function choose(groupKey, optionKey) {
    if (model.get("locked")) {
      syncValues();
      return;
    }
    model.set("values", { ...(model.get("values") || {}), [groupKey]: optionKey });
    model.save_changes();
    // Sent at once too: a Check clicked straight after must find this choice in the kernel.
    model.send({ event: "choose", values: model.get("values") });
  }

  function build() {
    views = new Map();
    const numbered = model.get("numbered");
    const groups = model.get("groups") || [];
    const cards = groups.map((group, index) => {
      const id = `${uid}-${index}`;
      const inputs = (group.options || []).map((option) =>
        h("input", {
          type: "radio",
          class: "ck-groups-radio",
          name: id,
          value: option.key,
          onchange: () => choose(group.key, option.key),
        }),
      );
      const labels = inputs.map((input, i) =>
        h("label", { class: "ck-groups-option" }, [
          input,
          h("span", { class: "ck-groups-option-text", text: group.options[i].text }),
        ]),
      );
      const layout = group.layout === "column" ? "ck-groups-column" : "ck-groups-row";
      const detail = group.detail ? h("p", { class: "ck-groups-detail", id: `${id}-d`, text: group.detail }) : null;
      const feedback = h("div", { class: "ck-groups-feedback", id: `${id}-f`, hidden: true });
      const described = [detail ? `${id}-d` : null, `${id}-f`].filter(Boolean).join(" ");
      const fieldset = h("fieldset", { class: "ck-groups-group", "aria-describedby": described }, [
        h("legend", { class: "ck-groups-legend" }, [
          numbered ? h("span", { class: "ck-groups-num", text: `${index + 1}.` }) : null,
          numbered ? " " : null,
          h("span", { class: "ck-groups-legend-text", text: group.legend }),
        ]),
        detail,
        h("div", { class: `ck-groups-options ${layout}` }, labels),
        feedback,
      ]);
      views.set(group.key, { fieldset, inputs, feedback });
      return fieldset;
    });
    root.replaceChildren(...cards);
    syncValues();
    syncFeedback();
    syncLocked();
  }

  function syncValues() {
    const values = model.get("values") || {};
    for (const [key, view] of views) {
      for (const input of view.inputs) input.checked = values[key] === input.value;
    }
  }

  function syncFeedback() {
    const feedback = model.get("feedback") || {};
    for (const [key, view] of views) {
      const note = feedback[key];
      view.fieldset.classList.remove("ck-is-correct", "ck-is-incorrect", "ck-is-info");
      if (!note) {
        view.feedback.hidden = true;
        view.feedback.replaceChildren();
        continue;
      }
      const verdict = ["correct", "incorrect"].includes(note.verdict) ? note.verdict : "info";
      view.fieldset.classList.add(`ck-is-${verdict}`);
      view.feedback.replaceChildren(
        h("p", { class: "ck-groups-verdict" }, [
          h("span", { class: "ck-groups-icon", "aria-hidden": "true", html: ICONS[verdict] }),
          h("span", { text: note.title || "" }),
        ]),
        ...(note.lines || []).map((line) => h("p", { class: "ck-groups-line", text: line })),
      );
      view.feedback.hidden = false;
    }
  }

  function syncLocked() {
    const locked = Boolean(model.get("locked"));
    root.classList.toggle("ck-is-locked", locked);
    for (const view of views.values()) {
      for (const input of view.inputs) input.disabled = locked;
    }
  }

  model.on("change:groups", build);
  model.on("change:numbered", build);
  model.on("change:values", syncValues);
  model.on("change:feedback", syncFeedback);
  model.on("change:locked", syncLocked);
  build();
  return () => el.classList.remove("ck-groups-host");
}

export default { render };
