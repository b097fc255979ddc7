// Build-time math: the lesson's formulas typeset by the KaTeX the site pins (package.json), so a
// page shows its equations from its first paint, with or without JavaScript.
// stdin: JSON [{tex, display}], stdout: JSON [html] in the same order (site_src/math_html.py).
"use strict";

const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const formulas = JSON.parse(input);
  const html = [];
  for (const { tex, display } of formulas) {
    try {
      html.push(katex.renderToString(tex, {
        displayMode: display,
        output: "htmlAndMathml", // MathML for screen readers, HTML for the eye
        throwOnError: true, // a formula KaTeX cannot read fails the build, naming it
        strict: "error",
      }));
    } catch (error) {
      process.stderr.write(`${error.message} in ${JSON.stringify(tex)}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(html));
});
