// The diagram viewer: the server's SVG in a box, never shrunk below legible text. "Fit" shows
// the whole diagram when its node text stays legible at that size, else the top of it at the
// smallest legible size, with an overview of where the view is; the rest is a drag, a scroll
// or a click on the overview away. Zoom (Ctrl+scroll, pinch, buttons), "Whole" for the whole
// picture at any size, full screen (button or F), and clicks on stage and block nodes sent
// back to Python.
export default function ({ data, parentElement, setTriggerValue }) {
  const root = parentElement.querySelector(".rv-root");
  const view = root.querySelector(".rv-view");
  const hint = root.querySelector(".rv-hint");
  // The toolbar's words come from Python in the visitor's language; the HTML is fixed.
  const labels = data.labels || {};
  const named = {
    in: [labels.zoom_in, labels.zoom_in],
    out: [labels.zoom_out, labels.zoom_out],
    reset: [labels.reset_title, labels.reset],
    whole: [labels.whole_title, labels.whole],
    full: [labels.full_title, labels.full],
  };
  for (const [act, [title, text]] of Object.entries(named)) {
    const button = root.querySelector(`button[data-act="${act}"]`);
    if (!button) continue;
    button.title = title || "";
    // "+" and "−" need a name; the others are named by their text.
    if (act === "in" || act === "out") button.setAttribute("aria-label", title || "");
    else button.textContent = text || "";
  }
  view.setAttribute("aria-label", labels.view || "");
  view.innerHTML = data.svg;  // rendered by dot on the server from escaped labels; checked there
  const svg = view.querySelector("svg");
  if (!svg) return;
  const full = svg.viewBox.baseVal;
  const home = { x: full.x, y: full.y, width: full.width, height: full.height };
  let box = { ...home };
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");

  // The node text's size in the diagram's own units (dot writes points): the smallest label.
  let textUnits = Infinity;
  for (const text of svg.querySelectorAll("g.node text")) {
    const size = parseFloat(text.getAttribute("font-size"));
    if (size > 0) textUnits = Math.min(textUnits, size);
  }
  if (!Number.isFinite(textUnits)) textUnits = 14;

  const targets = data.targets || {};
  for (const node of svg.querySelectorAll("g.node")) {
    const title = node.querySelector("title");
    if (title && targets[title.textContent] !== undefined) {
      node.classList.add("rv-link");
      node.setAttribute("data-target", targets[title.textContent]);
    }
  }
  hint.textContent = Object.keys(targets).length ? data.hint : (labels.drag || "");

  // The overview: the same picture, small, with the part on view outlined; a click there
  // moves the view.
  const overview = document.createElement("div");
  overview.className = "rv-overview";
  overview.setAttribute("aria-hidden", "true");
  const small = svg.cloneNode(true);
  small.setAttribute("viewBox", `${home.x} ${home.y} ${home.width} ${home.height}`);
  for (const link of small.querySelectorAll(".rv-link")) link.classList.remove("rv-link");
  // Shapes only: its text is too small to read, and the page's text is found once.
  for (const text of small.querySelectorAll("text, title")) text.remove();
  const outline = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  outline.setAttribute("class", "rv-outline");
  outline.setAttribute("vector-effect", "non-scaling-stroke");
  small.appendChild(outline);
  overview.appendChild(small);
  view.appendChild(overview);

  /** The smallest on-screen text size allowed: 12 px on a 1024-pixel-wide screen, 14 px on
   * wider ones (or what Python asks for). */
  function minimumPx() {
    if (data.min_text_px) return data.min_text_px;
    return window.innerWidth < 1280 ? 12 : 14;
  }
  function inFullScreen() { return document.fullscreenElement === root; }

  /** Screen pixels per diagram unit at "fit", and the view's height for it: the whole
   * diagram as large as the box allows, but never smaller than legible (then a part of it). */
  function fitScale() {
    const width = view.clientWidth || 800;
    // Beside other diagrams at one scale, this one is fitted to its share of the width, and
    // not to the screen's height (which would give each its own scale).
    const share = data.relative_width || 1;
    // 1 % to spare: the box's width is known to the pixel, its rendered width to a fraction.
    const legible = (minimumPx() * 1.01) / textUnits;
    const toolbar = root.querySelector(".rv-toolbar").offsetHeight + 8;
    // At most one screen; a lesson's picture ends at the window's bottom edge, so its step
    // fits one screen (a low box shows a legible part of it, with the overview).
    const top = view.getBoundingClientRect().top + window.scrollY;
    const screen = data.fill_screen
      ? Math.max(150, window.innerHeight - top - 12)
      : window.innerHeight - toolbar;
    const cap = inFullScreen() ? view.clientHeight : Math.max(240, screen);
    const toWidth = (width * share) / home.width;
    const whole = data.relative_width ? toWidth : Math.min(toWidth, cap / home.height);
    const scale = Math.max(legible, whole);
    const height = Math.min(Math.max(home.height * scale, 160), cap);
    return { scale, height };
  }

  function layout() {
    // A narrow box gets a compact toolbar: its hint becomes the view's tooltip.
    root.classList.toggle("rv-narrow", root.clientWidth > 0 && root.clientWidth < 560);
    view.title = root.classList.contains("rv-narrow") ? hint.textContent : "";
    const { scale, height } = fitScale();
    if (!inFullScreen()) view.style.height = `${Math.round(height)}px`;
    const width = view.clientWidth || 800, shown = view.clientHeight || height;
    const boxWidth = width / scale, boxHeight = shown / scale;
    // Narrower than the view: centred; wider: its left edge first. Always its top first.
    const x = boxWidth >= home.width ? home.x - (boxWidth - home.width) / 2 : home.x;
    const y = boxHeight >= home.height ? home.y - (boxHeight - home.height) / 2 : home.y;
    box = { x, y, width: boxWidth, height: boxHeight };
    apply();
  }
  function showWhole() {
    const width = view.clientWidth || 800, shown = view.clientHeight || 400;
    const scale = Math.min(width / home.width, shown / home.height);
    const boxWidth = width / scale, boxHeight = shown / scale;
    box = { x: home.x - (boxWidth - home.width) / 2, y: home.y - (boxHeight - home.height) / 2,
            width: boxWidth, height: boxHeight };
    apply();
  }
  function apply() {
    svg.setAttribute("viewBox", `${box.x} ${box.y} ${box.width} ${box.height}`);
    const partial = box.x > home.x + 1 || box.y > home.y + 1
      || box.x + box.width < home.x + home.width - 1
      || box.y + box.height < home.y + home.height - 1;
    overview.classList.toggle("rv-shown", partial);
    const left = Math.max(box.x, home.x), top = Math.max(box.y, home.y);
    outline.setAttribute("x", left);
    outline.setAttribute("y", top);
    outline.setAttribute("width", Math.max(0, Math.min(box.x + box.width, home.x + home.width) - left));
    outline.setAttribute("height", Math.max(0, Math.min(box.y + box.height, home.y + home.height) - top));
    view.dataset.scale = String((view.clientWidth || 1) / box.width);
  }
  function toGraph(clientX, clientY) {
    const point = svg.createSVGPoint();
    point.x = clientX; point.y = clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoom(factor, clientX, clientY) {
    const rect = view.getBoundingClientRect();
    const at = toGraph(clientX ?? rect.left + rect.width / 2, clientY ?? rect.top + rect.height / 2);
    const width = Math.min(Math.max(box.width / factor, home.width / 40), home.width * 4);
    const scale = width / box.width;
    box = { x: at.x - (at.x - box.x) * scale, y: at.y - (at.y - box.y) * scale,
            width, height: box.height * scale };
    apply();
  }
  /** Move by (dx, dy) diagram units, no further than the diagram's edges; says whether it
   * moved (a scroll that cannot move the diagram scrolls the page instead). */
  function pan(dx, dy) {
    const clamp = (value, low, high) => (low > high ? (low + high) / 2
      : Math.min(Math.max(value, low), high));
    const x = clamp(box.x + dx, home.x, home.x + home.width - box.width);
    const y = clamp(box.y + dy, home.y, home.y + home.height - box.height);
    const moved = Math.abs(x - box.x) + Math.abs(y - box.y) > 1e-6;
    if (moved) { box = { ...box, x, y }; apply(); }
    return moved;
  }

  const pointers = new Map();
  let moved = 0, pinch = 0;
  view.addEventListener("wheel", (event) => {
    if (event.ctrlKey || event.metaKey) {  // Ctrl+scroll, and a touchpad's pinch
      event.preventDefault();
      zoom(Math.exp(-event.deltaY * 0.0015), event.clientX, event.clientY);
      return;
    }
    const ctm = svg.getScreenCTM();
    const horizontal = event.shiftKey ? event.deltaY : event.deltaX;
    const vertical = event.shiftKey ? 0 : event.deltaY;
    if (pan(horizontal / ctm.a, vertical / ctm.d)) event.preventDefault();
  }, { passive: false });
  view.addEventListener("pointerdown", (event) => {
    if (event.target.closest && event.target.closest(".rv-overview")) return;
    view.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    moved = 0;
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = Math.hypot(a.x - b.x, a.y - b.y);
    }
  });
  view.addEventListener("pointermove", (event) => {
    const last = pointers.get(event.pointerId);
    if (!last) return;
    if (pointers.size === 2) {
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      const [a, b] = [...pointers.values()];
      const distance = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch > 0) zoom(distance / pinch, (a.x + b.x) / 2, (a.y + b.y) / 2);
      pinch = distance;
      moved += 10;
      return;
    }
    const ctm = svg.getScreenCTM();
    const dx = (event.clientX - last.x) / ctm.a, dy = (event.clientY - last.y) / ctm.d;
    moved += Math.abs(event.clientX - last.x) + Math.abs(event.clientY - last.y);
    if (moved > 4) view.classList.add("rv-dragging");
    box = { ...box, x: box.x - dx, y: box.y - dy };
    apply();
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  });
  function release(event) {
    const wasClick = pointers.size === 1 && moved <= 4;
    pointers.delete(event.pointerId);
    view.classList.remove("rv-dragging");
    if (pointers.size < 2) pinch = 0;
    if (!wasClick || event.type !== "pointerup") return;
    const hit = parentElement.elementFromPoint
      ? parentElement.elementFromPoint(event.clientX, event.clientY) : event.target;
    const node = hit && hit.closest ? hit.closest("g.rv-link") : null;
    if (node) setTriggerValue("open", node.getAttribute("data-target"));
  }
  view.addEventListener("pointerup", release);
  view.addEventListener("pointercancel", release);
  // The overview: press or drag on it to centre the view there.
  function centreOn(event) {
    const rect = small.getBoundingClientRect();
    const scale = Math.min(rect.width / home.width, rect.height / home.height);
    const offsetX = (rect.width - home.width * scale) / 2;
    const offsetY = (rect.height - home.height * scale) / 2;
    const x = home.x + (event.clientX - rect.left - offsetX) / scale;
    const y = home.y + (event.clientY - rect.top - offsetY) / scale;
    pan(x - box.width / 2 - box.x, y - box.height / 2 - box.y);
  }
  overview.addEventListener("pointerdown", (event) => {
    event.stopPropagation();
    overview.setPointerCapture(event.pointerId);
    centreOn(event);
  });
  overview.addEventListener("pointermove", (event) => {
    if (overview.hasPointerCapture(event.pointerId)) centreOn(event);
  });

  const toggleFull = () => (document.fullscreenElement ? document.exitFullscreen()
                                                       : root.requestFullscreen());
  const actions = {
    in: () => zoom(1.25), out: () => zoom(0.8), reset: layout, whole: showWhole, full: toggleFull,
  };
  const buttons = [...root.querySelectorAll("button[data-act]")];
  const handlers = buttons.map((button) => {
    const handler = () => actions[button.dataset.act]();
    button.addEventListener("click", handler);
    return [button, handler];
  });
  // F (for a lesson): full screen for the diagram nearest the top of the window. Every viewer
  // registers; one listener for the page decides.
  const registry = (window.__resnetVizViewers = window.__resnetVizViewers || new Set());
  const entry = { root, toggleFull };
  registry.add(entry);
  if (!window.__resnetVizKeys) {
    window.__resnetVizKeys = true;
    document.addEventListener("keydown", (event) => {
      if (event.key !== "f" && event.key !== "F") return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const typing = event.composedPath().some((element) => element.tagName === "INPUT"
        || element.tagName === "TEXTAREA" || element.isContentEditable);
      if (typing) return;
      if (document.fullscreenElement) { document.exitFullscreen(); return; }
      let best = null, bestTop = Infinity;
      for (const viewer of window.__resnetVizViewers) {
        if (!viewer.root.isConnected) continue;
        const rect = viewer.root.getBoundingClientRect();
        if (rect.width === 0 || rect.bottom < 0 || rect.top > window.innerHeight) continue;
        const top = Math.abs(rect.top);
        if (top < bestTop) { best = viewer; bestTop = top; }
      }
      if (best) { event.preventDefault(); best.toggleFull(); }
    });
  }
  // Fitted again whenever the box changes size: a window resized, full screen, a column
  // laid out after the first paint.
  const observer = new ResizeObserver(() => layout());
  observer.observe(view);
  layout();
  return () => {
    registry.delete(entry);
    observer.disconnect();
    for (const [button, handler] of handlers) button.removeEventListener("click", handler);
  };
}
