// One radio group in a fieldset named by its legend (anywidget front end for
// ChoiceGroup), for an exercise's settings.

let counter = 0;
function render({ model, el }) {
  counter += 1;
  const name = `ck-choice-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const box = document.createElement("fieldset");
  box.className = "ck-choice";
  const legend = document.createElement("legend");
  box.append(legend);
  const list = document.createElement("div");
  list.className = "ck-choice-list";
  box.append(list);
  function draw() {
    legend.textContent = model.get("legend");
    list.replaceChildren();
    for (const [value, text] of model.get("options")) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = value;
      input.checked = model.get("value") === value;
      input.addEventListener("change", () => {
        if (input.checked) { model.set("value", value); model.save_changes(); }
      });
      label.append(input, document.createTextNode(" " + text));
      list.append(label);
    }
  }
  model.on("change:options", draw);
  model.on("change:legend", draw);
  model.on("change:value", () => {
    for (const input of list.querySelectorAll("input")) {
      input.checked = input.value === model.get("value");
    }
  });
  draw();
  el.append(box);
}
export default { render };
