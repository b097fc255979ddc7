/* A widget's settings in the page URL: "?visualize_sgd.lr=0.31&visualize_sgd.steps=20".
 *
 * One namespace per widget (its function name). Reading a link never throws: malformed,
 * out-of-range or off-step values become the nearest allowed position, with a Spanish notice;
 * unknown keys are ignored. Used by widgets.js (window.LeccionSettings).
 */
(function () {
  "use strict";

  function namespaceOf(widgetName) {
    return widgetName.split(".").pop();
  }

  function nearestIndex(positions, value) {
    let best = 0;
    positions.forEach((position, index) => {
      if (Math.abs(position - value) < Math.abs(positions[best] - value)) best = index;
    });
    return best;
  }

  /* -> {indexes: {name: positionIndex}, seed: number|null, notices: [Spanish text]} */
  function read(spec, search) {
    const params = new URLSearchParams(search);
    const prefix = namespaceOf(spec.widget) + ".";
    const result = { indexes: {}, seed: null, notices: [] };
    spec.controls.forEach((control) => {
      const raw = params.get(prefix + control.name);
      if (raw === null) return;
      const value = raw.trim() === "" ? NaN : Number(raw);
      const positions = control.positions;
      if (!Number.isFinite(value)) {
        result.notices.push(`El enlace trae «${raw}» para ${control.label}, que no es un número; se usa el valor inicial.`);
        return;
      }
      const index = nearestIndex(positions, value);
      const low = positions[0];
      const high = positions[positions.length - 1];
      if (value < low || value > high) {
        result.notices.push(`${control.label} va de ${low} a ${high}; el enlace pedía ${raw} y se usa ${positions[index]}.`);
      } else if (Math.abs(positions[index] - value) > 1e-9) {
        result.notices.push(`${control.label} no admite ${raw}; se usa el valor más cercano, ${positions[index]}.`);
      }
      result.indexes[control.name] = index;
    });
    if (spec.seed_argument) {
      const raw = params.get(prefix + spec.seed_argument);
      if (raw !== null) {
        const seed = Number(raw);
        if (Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32) result.seed = seed;
        else result.notices.push(`La semilla «${raw}» del enlace no es válida; se usa la muestra inicial.`);
      }
    }
    return result;
  }

  /* The search string with this widget's settings replaced (defaults are left out). */
  function write(spec, values, search) {
    const params = new URLSearchParams(search);
    const prefix = namespaceOf(spec.widget) + ".";
    [...params.keys()].filter((key) => key.startsWith(prefix)).forEach((key) => params.delete(key));
    spec.controls.forEach((control) => {
      if (values[control.name] !== control.value) params.set(prefix + control.name, String(values[control.name]));
    });
    if (spec.seed_argument && values[spec.seed_argument] !== undefined) {
      params.set(prefix + spec.seed_argument, String(values[spec.seed_argument]));
    }
    const text = params.toString();
    return text ? "?" + text : "";
  }

  function remember(spec, values) {
    const search = write(spec, values, window.location.search);
    const url = window.location.pathname + search + window.location.hash;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (error) {
      // Some file:// pages refuse replaceState: the link button still works.
    }
  }

  /* A link to this widget with its settings: the page's URL, these values, its anchor. */
  function link(spec, values, anchor) {
    const base = window.location.href.split(/[?#]/)[0];
    return base + write(spec, values, "") + "#" + anchor;
  }

  window.LeccionSettings = { read, write, remember, link };
})();
