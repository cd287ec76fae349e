// The course widgets' DOM helpers, put in front of each widget's own script
// (caserate_kit/course/widgets/_static.py): one way to build elements and icons.

/** An inline icon: a 24px stroked SVG around `body` (decorative; callers hide it). */
const SVG = (body) =>
  `<svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" ` +
  `stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" focusable="false">${body}</svg>`;

/** Create an element: `props` are attributes, `text`, `html` (constants only) or `on<event>`. */
function h(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name === "html") node.innerHTML = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** Replace a node's children, skipping the null/false placeholders of optional parts. */
function fill(node, ...children) {
  node.replaceChildren(...children.filter((child) => child !== null && child !== undefined && child !== false));
}
