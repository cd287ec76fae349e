// A file picker (anywidget front end for FilePicker): a labelled <input type="file">.
// A file over the limit is refused here, at once; any other is sent to the kernel in
// parts (one binary buffer a message, each acknowledged before the next), so that no
// message comes near the server's limit. Status lines go to a polite live region.

let pickers = 0;
const WAIT_MS = 30000;

function sizeText(size) {
  if (size >= 1e6) return `${Math.round(size / 1e5) / 10} MB`;
  if (size >= 1e3) return `${Math.round(size / 1e3).toLocaleString("en-US")} KB`;
  return `${size} byte${size === 1 ? "" : "s"}`;
}

/* A size beside the limit, exact when rounding would make the two look the same. */
function overText(size, limit) {
  if (sizeText(size) !== sizeText(limit)) return [sizeText(size), sizeText(limit)];
  const bytes = (n) => `${n.toLocaleString("en-US")} bytes`;
  return [bytes(size), `${sizeText(limit)} (${bytes(limit)})`];
}

function render({ model, el }) {
  pickers += 1;
  const at = `ck-file-${pickers}-${Math.random().toString(36).slice(2, 8)}`;
  const hint = h("p", { class: "ck-file-hint", id: `${at}-hint` });
  const status = h("p", {
    class: "ck-file-status", id: `${at}-status`, role: "status", "aria-live": "polite",
  });
  const input = h("input", {
    type: "file", class: "ck-file-input", id: at, "aria-describedby": `${at}-hint ${at}-status`,
  });
  const bar = h("progress", { class: "ck-file-bar", max: "100", value: "0", "aria-hidden": "true" });
  const line = h("span", { class: "ck-file-line" });
  const progress = h("div", { class: "ck-file-progress", hidden: true }, [bar, line]);
  const label = h("label", { class: "ck-file-label", for: at });
  const box = h("div", { class: "ck-file" }, [label, hint, input, progress, status]);
  let sending = null;

  const say = (text, tone) => {
    status.textContent = "";
    status.dataset.tone = tone || "info";
    /* A fresh text node is announced again even when the words repeat. */
    window.setTimeout(() => { status.textContent = text; }, 30);
  };
  const draw = () => {
    label.textContent = model.get("label");
    hint.textContent = model.get("hint");
    hint.hidden = !model.get("hint");
    input.accept = model.get("accept");
  };
  const showProgress = (name, sent, size) => {
    progress.hidden = false;
    bar.value = size ? Math.round((100 * sent) / size) : 100;
    line.textContent = `Sending ${name}: ${sizeText(sent)} of ${sizeText(size)}`;
  };

  /* Each acknowledgement from the kernel settles the wait for its part. */
  const waits = new Map();
  model.on("msg:custom", (message) => {
    if (!message || !sending || message.id !== sending.id) return;
    const key = message.event === "received" ? `${message.index}` : message.event;
    if (message.event === "refused") {
      /* The kernel says why in the status line; the wait only stops. */
      const refusal = Object.assign(new Error(message.message), { said: true });
      for (const wait of waits.values()) wait.reject(refusal);
      waits.clear();
      return;
    }
    const wait = waits.get(key);
    if (wait) { waits.delete(key); wait.resolve(message); }
  });
  const answer = (key) => new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => {
      waits.delete(key);
      reject(new Error("The course did not answer. Reload the page and choose the file again."));
    }, WAIT_MS);
    waits.set(key, {
      resolve: (m) => { window.clearTimeout(timer); resolve(m); },
      reject: (e) => { window.clearTimeout(timer); reject(e); },
    });
  });

  /* A file chosen while another is on its way replaces it: the old waits stop quietly. */
  const abandon = () => {
    const quiet = Object.assign(new Error(""), { said: true });
    for (const wait of waits.values()) wait.reject(quiet);
    waits.clear();
  };
  const send = async (file, transfer) => {
    const id = transfer.id;
    const chunk = model.get("chunk_bytes");
    const data = new Uint8Array(await file.arrayBuffer());
    const parts = Math.max(1, Math.ceil(data.length / chunk));
    if (parts > 1) showProgress(file.name, 0, data.length);
    say(`Sending ${file.name} (${sizeText(data.length)})…`);
    model.send({ event: "start", id, name: file.name, size: data.length });
    for (let index = 0; index * chunk < data.length; index += 1) {
      const part = data.slice(index * chunk, (index + 1) * chunk);
      const received = answer(`${index}`);
      model.send({ event: "chunk", id, index }, undefined, [part.buffer]);
      const reply = await received;
      if (sending !== transfer) return;
      if (parts > 1) showProgress(file.name, reply.bytes, data.length);
    }
    const done = answer("done");
    model.send({ event: "end", id });
    await done;
    if (sending === transfer) say(`Checking ${file.name}…`);
  };

  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (!file) return;
    progress.hidden = true;
    const limit = model.get("max_bytes");
    if (file.size > limit) {
      input.value = "";
      abandon();
      sending = null;
      const [size, most] = overText(file.size, limit);
      say(
        `“${file.name}” is ${size}; the limit is ${most} a file. ` +
          "Nothing was sent. Remove sheets, pictures or rows the course does not use, " +
          "and choose it again.",
        "warn",
      );
      return;
    }
    abandon();
    const transfer = {
      id: `${Date.now().toString(36)}-${pickers}-${Math.random().toString(36).slice(2, 8)}`,
    };
    sending = transfer;
    send(file, transfer)
      .catch((error) => { if (!error.said) say(error.message, "warn"); })
      .finally(() => {
        if (sending !== transfer) return;
        progress.hidden = true;
        input.value = "";
      });
  });

  /* The kernel's word on the file (what was loaded, or what was wrong). */
  const fromKernel = () => {
    if (model.get("status")) say(model.get("status"), model.get("tone"));
  };
  model.on("change:status", fromKernel);
  model.on("change:label", draw);
  model.on("change:hint", draw);
  draw();
  status.textContent = model.get("status");
  status.dataset.tone = model.get("tone");
  el.classList.add("ck-file-host");
  el.replaceChildren(box);
}
export default { render };
