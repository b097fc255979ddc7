/* A page script that never arrived (the network dropped it, every try): each widget says so in
 * Spanish over its pre-rendered figure and offers "Reintentar", which calls retry(). Until the
 * script has run (or failed again: this notice once more), the widgets show they are loading. */
const WIDGETS = "[data-widget]";

export function showScriptMissing(script, retry) {
  document.querySelectorAll(WIDGETS).forEach((root) => {
    root.dataset.state = "error";
    root.querySelector("[role=status]").textContent = "El modo interactivo no está disponible: "
      + `no se pudo descargar ${script}. La figura muestra los valores iniciales.`;
    let button = root.querySelector(".lw-script-retry");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "lw-runtime-action lw-script-retry md-button md-button--primary";
      button.textContent = "Reintentar";
      button.addEventListener("click", () => {
        showRetrying(script);
        retry();
      });
      root.querySelector(".lw-actions").prepend(button);
    }
    button.hidden = false;
  });
}

function showRetrying(script) {
  document.querySelectorAll(WIDGETS).forEach((root) => {
    root.dataset.state = "loading";
    root.querySelector("[role=status]").textContent = `Figura calculada de antemano. Descargando ${script} otra vez…`;
    root.querySelector(".lw-script-retry").hidden = true;
  });
}
