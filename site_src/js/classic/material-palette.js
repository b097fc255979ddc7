/* The colour scheme the reader chose on an earlier visit, applied before the page is painted:
 * Material's partials/javascripts/palette.html as a file (no inline script under the CSP). */
(function () {
  "use strict";
  const palette = __md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    // "follow the system": take the attributes of the option matching the system's scheme
    const light = matchMedia("(prefers-color-scheme: light)").matches;
    const media = light ? "(prefers-color-scheme: light)" : "(prefers-color-scheme: dark)";
    const input = document.querySelector(`[data-md-color-media='${media}']`);
    for (const key of ["media", "scheme", "primary", "accent"]) {
      palette.color[key] = input.getAttribute("data-md-color-" + key);
    }
  }
  for (const [key, value] of Object.entries(palette.color)) {
    document.body.setAttribute("data-md-color-" + key, value);
  }
})();
