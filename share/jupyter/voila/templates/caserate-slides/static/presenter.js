/* Presenter mode for a lesson page: one slide at a time, for a trainer and a room.
 *
 * The template wraps every notebook cell in
 *   <div class="cr-cell" data-slide-type="slide|subslide|fragment|skip|-">
 * and this script, run once the page is parsed:
 *
 * 1. groups the cells into slides: `slide` and `subslide` start a new slide,
 *    `-` continues (inside a fragment, it joins that fragment, as in nbconvert),
 *    `fragment` starts a step that appears on the next key press, `skip` is
 *    never shown; cells with nothing to show never make a slide or a step;
 * 2. shows one slide at a time, in large type shrunk just enough to fit;
 * 3. navigates with Right/Left, PageDown/PageUp, Space/Shift+Space, Home/End
 *    and the Previous/Next buttons; keeps the slide number in the address
 *    (#slide-4) so a reload keeps the place; announces "Slide 4 of 23";
 * 4. leaves presenter mode on Escape (or the Leave button): the page becomes
 *    the normal lesson page, every cell in order, and can present again.
 *
 * Cells are moved into <section> elements once, before Voila draws outputs and
 * widgets into them, and are never moved again: widgets stay live.
 */
(function () {
  "use strict";

  const cells = Array.from(document.querySelectorAll(".cr-cell[data-slide-type]"));
  if (!cells.length) {
    return;
  }

  const MIN_SCALE = 0.5; // never shrink text below half the base size; scroll instead
  const HASH = /^#slide-(\d+)$/;
  const PRESENTING = "cr-presenting"; // class on <body> while presenting

  // ---- 1. Group the cells -------------------------------------------------

  /** Does a cell show anything? (Voila marks code cells without output.) */
  function shows(cell) {
    return (
      cell.dataset.slideType !== "skip" &&
      !cell.querySelector(".jp-Cell.jp-mod-noOutputs.jp-mod-noInput")
    );
  }

  /** Slides as lists of steps, each step a list of cells; step 0 shows at once. */
  function group(allCells) {
    const slides = [];
    for (const cell of allCells) {
      const type = cell.dataset.slideType;
      if (!slides.length || type === "slide" || type === "subslide") {
        slides.push([[]]);
      }
      const steps = slides[slides.length - 1];
      if (type === "fragment") {
        steps.push([]);
      }
      steps[steps.length - 1].push(cell);
    }
    // A step with nothing to show joins the one before it; so does a slide
    // (the first slide's empty cells join the next slide instead).
    for (const steps of slides) {
      for (let i = steps.length - 1; i > 0; i--) {
        if (!steps[i].some(shows)) {
          steps[i - 1].push(...steps.splice(i, 1)[0]);
        }
      }
    }
    for (let i = slides.length - 1; i >= 0 && slides.length > 1; i--) {
      if (!slides[i].flat().some(shows)) {
        const [empty] = slides.splice(i, 1);
        if (i > 0) {
          const before = slides[i - 1];
          before[before.length - 1].push(...empty.flat());
        } else {
          slides[0][0].unshift(...empty.flat());
        }
      }
    }
    return slides;
  }

  /** Build the DOM: a deck of <section> slides in place of the cells. */
  function build(groups) {
    const deck = document.createElement("div");
    deck.className = "cr-deck";
    cells[0].before(deck);
    return groups.map((steps, index) => {
      const section = document.createElement("section");
      section.className = "cr-slide";
      section.setAttribute("aria-roledescription", "slide");
      section.setAttribute("aria-label", `Slide ${index + 1} of ${groups.length}`);
      section.tabIndex = -1; // focus target when a slide has no heading
      const content = document.createElement("div");
      content.className = "cr-slide-content";
      const fragments = steps.map((stepCells, step) => {
        let holder = content;
        if (step > 0) {
          holder = document.createElement("div");
          holder.className = "cr-fragment";
          content.append(holder);
        }
        holder.append(...stepCells);
        return holder;
      });
      section.append(content);
      deck.append(section);
      return { section, content, fragments: fragments.slice(1) };
    });
  }

  const slides = build(group(cells));

  // ---- 2. The navigation bar ----------------------------------------------

  function button(label, className, onClick, shortcuts) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `cr-button ${className}`;
    b.textContent = label;
    if (shortcuts) {
      b.setAttribute("aria-keyshortcuts", shortcuts);
    }
    b.addEventListener("click", onClick);
    return b;
  }

  const nav = document.createElement("nav");
  nav.className = "cr-nav";
  nav.setAttribute("aria-label", "Presenter");
  // The buttons keep focus (press again for the next slide); the counter announces.
  const previous = button(
    "Previous",
    "cr-previous",
    () => back(false),
    "ArrowLeft PageUp Shift+Space"
  );
  const next = button("Next", "cr-next", () => forward(false), "ArrowRight PageDown Space");
  const counter = document.createElement("p");
  counter.className = "cr-counter";
  counter.setAttribute("aria-live", "polite");
  counter.setAttribute("aria-atomic", "true");
  const leave = button("Leave presenter mode", "cr-leave", () => stop(), "Escape");
  const resume = button("Present", "cr-resume", () => start(current, true));
  nav.append(previous, counter, next, leave, resume);
  slides[0].section.parentElement.after(nav);

  // ---- 3. Showing a slide -------------------------------------------------

  let current = 0; // index of the slide on screen
  let revealed = 0; // how many of its fragments are showing
  let onScreen = null; // the section on screen; null on the normal page
  let focusTarget = null; // where focus was last sent (see the end of this file)

  /** Show slide `index` with `shown` fragments; on a new slide, focus its heading if asked. */
  function show(index, shown, focusHeading) {
    current = Math.max(0, Math.min(index, slides.length - 1));
    const slide = slides[current];
    const changed = slide.section !== onScreen;
    onScreen = slide.section;
    revealed = Math.max(0, Math.min(shown, slide.fragments.length));
    slides.forEach((s, i) => {
      s.section.hidden = i !== current;
    });
    slide.fragments.forEach((f, i) => {
      f.classList.toggle("cr-shown", i < revealed);
    });
    counter.textContent = `Slide ${current + 1} of ${slides.length}`;
    previous.setAttribute("aria-disabled", String(current === 0 && revealed === 0));
    const atEnd = current === slides.length - 1 && revealed === slide.fragments.length;
    next.setAttribute("aria-disabled", String(atEnd));
    history.replaceState(null, "", `#slide-${current + 1}`);
    fit(slide);
    if (changed) {
      slide.section.scrollTop = 0;
      // Widgets drawn while their slide was hidden may need to measure again.
      window.dispatchEvent(new Event("resize"));
      if (focusHeading) {
        const heading = slide.content.querySelector("h1, h2, h3, h4, h5, h6");
        const target = heading || slide.section;
        if (heading && !heading.hasAttribute("tabindex")) {
          heading.tabIndex = -1;
          heading.classList.add("cr-focus-target");
        }
        focusTarget = target;
        target.focus({ preventScroll: true });
      }
    }
  }

  /** Next step: the next fragment of this slide, else the next slide. */
  function forward(focusHeading) {
    if (revealed < slides[current].fragments.length) {
      show(current, revealed + 1, focusHeading);
    } else if (current < slides.length - 1) {
      show(current + 1, 0, focusHeading);
    }
  }

  /** Step back: hide the last fragment shown, else the previous slide in full. */
  function back(focusHeading) {
    if (revealed > 0) {
      show(current, revealed - 1, focusHeading);
    } else if (current > 0) {
      show(current - 1, slides[current - 1].fragments.length, focusHeading);
    }
  }

  /** Shrink the slide's type (and figures) until it fits; scroll if even that fails. */
  function fit(slide) {
    const section = slide.section;
    // Wide tables scroll inside their own output box: count those as not fitting.
    const boxes = Array.from(slide.content.querySelectorAll(".jp-OutputArea-output"));
    const fits = () =>
      section.scrollHeight <= section.clientHeight + 1 &&
      section.scrollWidth <= section.clientWidth + 1 &&
      boxes.every((box) => box.scrollWidth <= box.clientWidth + 1);
    section.style.setProperty("--cr-scale", "1");
    if (!document.body.classList.contains(PRESENTING) || fits()) {
      return;
    }
    let low = MIN_SCALE;
    let high = 1;
    for (let i = 0; i < 7; i++) {
      const middle = (low + high) / 2;
      section.style.setProperty("--cr-scale", String(middle));
      if (fits()) {
        low = middle;
      } else {
        high = middle;
      }
    }
    section.style.setProperty("--cr-scale", String(low));
  }

  // Outputs and widgets are drawn after this script runs, and a window can
  // change size: fit the slide on screen again whenever its content resizes.
  let fitQueued = false;
  const refit = () => {
    if (!fitQueued) {
      fitQueued = true;
      requestAnimationFrame(() => {
        fitQueued = false;
        fit(slides[current]);
      });
    }
  };
  const observer = new ResizeObserver(refit);
  slides.forEach((s) => observer.observe(s.content));
  window.addEventListener("resize", refit);

  // ---- 4. Entering and leaving presenter mode ------------------------------

  /** Present from slide `index` (all of its fragments hidden). */
  function start(index, focusHeading) {
    document.body.classList.add(PRESENTING);
    // Slides are fixed to Voila's page panel: present from its top.
    const panel = document.getElementById("rendered_cells");
    if (panel) {
      panel.scrollTop = 0;
    }
    show(index, 0, focusHeading);
  }

  /** Back to the normal page: every slide and fragment, scrolled to where we were. */
  function stop() {
    document.body.classList.remove(PRESENTING);
    onScreen = null;
    slides.forEach((s) => {
      s.section.hidden = false;
      s.section.style.removeProperty("--cr-scale");
      s.fragments.forEach((f) => f.classList.add("cr-shown"));
    });
    history.replaceState(null, "", location.pathname + location.search);
    resume.textContent = `Present from slide ${current + 1}`;
    slides[current].section.scrollIntoView({ block: "start" });
    resume.focus({ preventScroll: true });
  }

  // ---- 5. Keys ------------------------------------------------------------

  // Keys that belong to what has focus: text fields, lists and sliders keep
  // every key; buttons and links keep Space (it presses them).
  const OWNS_ALL_KEYS =
    "input, textarea, select, [contenteditable]:not([contenteditable='false']), " +
    "[role='slider'], [role='spinbutton'], [role='textbox'], [role='combobox'], " +
    "[role='listbox'], [role='radiogroup'], [role='radio'], [role='menu'], " +
    "[role='menuitem'], [role='tablist'], [role='grid']";
  const OWNS_SPACE = "button, a[href], summary, [role='button'], [role='link']";

  document.addEventListener("keydown", (event) => {
    if (
      !document.body.classList.contains(PRESENTING) ||
      event.defaultPrevented ||
      event.altKey ||
      event.ctrlKey ||
      event.metaKey
    ) {
      return;
    }
    const target = event.target instanceof Element ? event.target : document.body;
    if (target.closest(OWNS_ALL_KEYS)) {
      return;
    }
    const space = event.key === " " || event.key === "Spacebar";
    if (space && target.closest(OWNS_SPACE)) {
      return;
    }
    let action = null;
    if (event.key === "ArrowRight" || event.key === "PageDown" || (space && !event.shiftKey)) {
      action = () => forward(true);
    } else if (event.key === "ArrowLeft" || event.key === "PageUp" || (space && event.shiftKey)) {
      action = () => back(true);
    } else if (event.key === "Home") {
      action = () => show(0, 0, true);
    } else if (event.key === "End") {
      const last = slides.length - 1;
      action = () => show(last, slides[last].fragments.length, true);
    } else if (event.key === "Escape") {
      action = stop;
    }
    if (action) {
      event.preventDefault();
      action();
    }
  });

  // A hand-edited address (#slide-7) moves to that slide.
  window.addEventListener("hashchange", () => {
    const match = HASH.exec(location.hash);
    if (match && document.body.classList.contains(PRESENTING)) {
      show(Number(match[1]) - 1, 0, true);
    }
  });

  // Until Voila has shown the page (it starts hidden) and moved it into its
  // app shell (a moved element loses focus), focus may fail to land or be
  // lost: after each of those changes, put it back where it belongs.
  const panel = document.getElementById("rendered_cells");
  if (panel) {
    const home = panel.parentElement;
    const remember = (event) => {
      focusTarget = event.target;
    };
    document.addEventListener("focusin", remember);
    const watcher = new MutationObserver(() => {
      const idle = !document.activeElement || document.activeElement === document.body;
      if (idle && focusTarget && focusTarget.isConnected) {
        focusTarget.focus({ preventScroll: true });
      }
      if (panel.parentElement !== home && panel.getClientRects().length) {
        watcher.disconnect();
        document.removeEventListener("focusin", remember);
      }
    });
    const changes = { childList: true, subtree: true, attributes: true };
    watcher.observe(document.body, { ...changes, attributeFilter: ["style"] });
  }

  // Start where the address says (a reload keeps the place), else at slide 1.
  const match = HASH.exec(location.hash);
  start(match ? Number(match[1]) - 1 : 0, false);
})();
