// The diagram viewer: the server's SVG fitted to the box, with zoom (wheel, pinch, buttons),
// pan (drag), reset, full screen, and clicks on stage and block nodes sent back to Python.
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

  const targets = data.targets || {};
  for (const node of svg.querySelectorAll("g.node")) {
    const title = node.querySelector("title");
    if (title && targets[title.textContent] !== undefined) {
      node.classList.add("rv-link");
      node.setAttribute("data-target", targets[title.textContent]);
    }
  }
  hint.textContent = Object.keys(targets).length ? data.hint : (labels.drag || "");

  function fitHeight() {
    const inFull = document.fullscreenElement === root;
    if (inFull) { view.style.height = ""; return; }
    const width = view.clientWidth || 800;
    // Beside other diagrams at one scale, this one takes its share of the width and is never
    // shrunk to fit the window; alone, it fits.
    const share = data.relative_width || 1;
    svg.style.width = `${share * 100}%`;
    const natural = width * share * home.height / home.width;
    // At most one screen: scrolled to, the toolbar and the diagram fill the window exactly.
    const toolbar = root.querySelector(".rv-toolbar").offsetHeight + 8;
    const cap = data.relative_width ? Infinity : Math.max(320, window.innerHeight - toolbar);
    view.style.height = `${Math.round(Math.min(Math.max(natural, 240), cap))}px`;
  }
  function apply() { svg.setAttribute("viewBox", `${box.x} ${box.y} ${box.width} ${box.height}`); }
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
  function reset() { box = { ...home }; apply(); }

  const pointers = new Map();
  let moved = 0, pinch = 0;
  view.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoom(Math.exp(-event.deltaY * 0.0015), event.clientX, event.clientY);
  }, { passive: false });
  view.addEventListener("pointerdown", (event) => {
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

  const actions = {
    in: () => zoom(1.25), out: () => zoom(0.8), reset,
    full: () => (document.fullscreenElement ? document.exitFullscreen()
                                            : root.requestFullscreen()),
  };
  const buttons = [...root.querySelectorAll("button[data-act]")];
  const handlers = buttons.map((button) => {
    const handler = () => actions[button.dataset.act]();
    button.addEventListener("click", handler);
    return [button, handler];
  });
  const onResize = () => fitHeight();
  window.addEventListener("resize", onResize);
  document.addEventListener("fullscreenchange", onResize);
  fitHeight();
  apply();
  return () => {
    window.removeEventListener("resize", onResize);
    document.removeEventListener("fullscreenchange", onResize);
    for (const [button, handler] of handlers) button.removeEventListener("click", handler);
  };
}
