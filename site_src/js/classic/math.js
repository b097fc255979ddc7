/* Typeset the lesson's equations with the KaTeX shipped in the site.
 * pymdownx.arithmatex (generic mode) leaves \( ... \) in span.arithmatex and \[ ... \] in
 * div.arithmatex; each is replaced by KaTeX's HTML in place. */
(function () {
  "use strict";
  if (typeof katex === "undefined") return;
  document.querySelectorAll(".arithmatex").forEach((element) => {
    const display = element.tagName === "DIV";
    const tex = element.textContent.trim().replace(/^\\[([]/, "").replace(/\\[\])]$/, "");
    try {
      katex.render(tex, element, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
    } catch (error) {
      console.warn("KaTeX:", error);
    }
  });
})();
