// A polite live region (anywidget front end for LiveStatus): screen readers
// announce its text whenever the kernel changes it.

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "ck-live";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  box.setAttribute("aria-atomic", "true");
  const draw = () => {
    box.textContent = model.get("text");
    box.dataset.tone = model.get("tone");
  };
  model.on("change:text", draw);
  model.on("change:tone", draw);
  draw();
  el.replaceChildren(box);
}
export default { render };
