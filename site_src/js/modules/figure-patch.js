/* A widget's figure on the page, kept live: the pre-rendered <img> until the first figure from
 * Python, then an inline <svg> (its text is text: selectable, found by the browser's search)
 * that later renders patch in place.
 *
 * Python sends either a whole figure or only the groups that changed since the revision the
 * page showed (py/live_figure.py): each <g id> replaces the group with that id. The figure keeps
 * the widget contract: role="img", aria-label = the titles with their current values (the
 * <img>'s alt before), data-values = the values it shows.
 */
const SVG_NS = "http://www.w3.org/2000/svg";

function parseSvg(text) {
  const root = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== "svg") throw new Error("la figura no es un SVG válido");
  // matplotlib's <style> applies to the whole document once inline: lesson.css scopes it.
  root.querySelectorAll("style").forEach((style) => style.remove());
  return root;
}

export class LiveFigure {
  constructor(element) {
    this.element = element; // <img> (pre-rendered) or <svg>
    this.revision = null; // the Python figure revision shown; null: the pre-rendered one
  }

  /* Shows a render result. Returns false when it patches a revision this page does not show
   * (the caller then asks for a whole figure). */
  show(result) {
    if (result.patch_of == null) { // null, or undefined: Pyodide turns None into undefined
      this.replace(parseSvg(result.svg), result);
    } else if (result.patch_of !== this.revision || !this.patch(parseSvg(result.svg))) {
      this.revision = null;
      return false;
    }
    this.revision = result.revision;
    this.element.setAttribute("aria-label", result.alt);
    this.element.dataset.values = JSON.stringify(result.values);
    return true;
  }

  replace(svg, result) {
    svg.setAttribute("class", "lw-figure");
    svg.setAttribute("role", "img");
    // The pre-rendered image's size attributes (the page lays the widget out by them) and its
    // proportions (below): the same box, nothing below the figure moves.
    svg.setAttribute("width", String(result.width));
    svg.setAttribute("height", String(result.height));
    const element = document.adoptNode(svg); // moved, not copied: the parsed document is thrown away
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    const box = element.viewBox.baseVal;
    element.style.aspectRatio = `${box.width} / ${box.height}`;
    this.element.replaceWith(element);
    this.element = element;
  }

  /* Every group of the patch replaces the group with its id; new definitions (clip paths,
   * markers) are added. False, untouched, when a group has no counterpart. */
  patch(svg) {
    const groups = [];
    for (const child of svg.children) {
      if (child.localName !== "g") continue;
      const old = this.element.querySelector(`g[id="${CSS.escape(child.id)}"]`);
      if (!old) return false;
      groups.push([old, child]);
    }
    groups.forEach(([old, child]) => old.replaceWith(child)); // moved (adopted), not copied
    for (const definition of svg.querySelectorAll(":scope > defs > [id]")) {
      if (!this.element.querySelector(`[id="${CSS.escape(definition.id)}"]`)) {
        const defs = this.element.querySelector(":scope > defs") || this.element.appendChild(document.createElementNS(SVG_NS, "defs"));
        defs.appendChild(definition);
      }
    }
    return true;
  }
}
