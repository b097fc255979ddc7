/* A link to a content tab (#__tabbed_...) opens that tab: Material's
 * partials/javascripts/content.html as a file (no inline script under the CSP). */
(function () {
  "use strict";
  const target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
