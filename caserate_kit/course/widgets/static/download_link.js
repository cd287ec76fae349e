// A download link (anywidget front end for DownloadLink): a real <a download>. The
// first time it is chosen it asks the kernel for the file, takes the data: URI the
// kernel sends back as its address and follows it; later choices follow it at once,
// until the kernel says the file has changed.

function render({ model, el }) {
  const link = h("a", { class: "ck-download", href: "#" });
  const note = h("span", { class: "ck-download-note", role: "status" });
  let ready = null;
  let asked = false;

  const draw = () => {
    link.textContent = model.get("label");
    link.download = model.get("filename");
  };
  link.addEventListener("click", (event) => {
    if (ready !== null && ready === model.get("version")) return;
    event.preventDefault();
    if (asked) return;
    asked = true;
    link.setAttribute("aria-busy", "true");
    model.send({ event: "download" });
  });
  model.on("msg:custom", (message) => {
    if (!asked || !message) return;
    asked = false;
    link.removeAttribute("aria-busy");
    if (message.event === "failed") {
      note.textContent = message.message;
      return;
    }
    if (message.event !== "file") return;
    note.textContent = "";
    ready = message.version;
    link.href = message.href;
    link.click();
  });
  model.on("change:version", () => {
    ready = null;
    link.href = "#";
  });
  model.on("change:label", draw);
  model.on("change:filename", draw);
  draw();
  el.classList.add("ck-download-host");
  el.replaceChildren(link, note);
}
export default { render };
