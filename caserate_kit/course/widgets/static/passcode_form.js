// The trainer dashboard's passcode form (anywidget front end for PasscodeForm):
// a labelled field and an Unlock button. The passcode is sent once, in the message
// that asks to unlock, and the field is emptied.

let forms = 0;
function render({ model, el }) {
  const id = `ck-dash-passcode-${++forms}`;
  const form = document.createElement("form");
  form.className = "ck-dash-form";
  form.innerHTML =
    `<label for="${id}">Trainer passcode</label>` +
    `<input id="${id}" type="password" autocomplete="current-password" spellcheck="false">` +
    `<button type="submit" class="ck-dash-button">Unlock</button>`;
  const input = form.querySelector("input");
  const button = form.querySelector("button");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (model.get("busy")) return;
    model.send({ event: "unlock", passcode: input.value });
    input.value = "";
  });
  const show = () => {
    button.disabled = model.get("busy");
    button.textContent = model.get("busy") ? "Checking…" : "Unlock";
  };
  model.on("change:busy", show);
  show();
  el.append(form);
}
export default { render };
