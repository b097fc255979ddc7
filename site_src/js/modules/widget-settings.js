/* A widget's settings in the page URL: "?visualize_sgd.lr=0.31&visualize_sgd.steps=20".
 *
 * One namespace per widget on the page (spec.namespace, chosen at build time by
 * site_src/widget_html.py: the function's name, qualified or numbered only when two widgets of
 * the page would share it). Reading a link never throws: malformed, out-of-range or off-step
 * values become the nearest allowed position, with a Spanish notice; unknown keys are ignored.
 * Imported by widgets.js; Node's unit tests (tests/js/) import it too.
 */
// A value quoted back in a notice is cut to this many characters (links can carry 100 KB).
const QUOTE_LIMIT = 40;
// Plain decimal numbers only (0.31, -2, 1e-3): Number() would also read 0x14, 0b100, 0o620.
const PLAIN_DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

function namespaceOf(spec) {
  return spec.namespace || spec.widget.split(".").pop();
}

/* The index of the position closest to value. Clamped first: far outside the range every
 * distance rounds to the same float and the search would return the first position. */
function nearestIndex(positions, value) {
  const target = Math.min(Math.max(value, positions[0]), positions[positions.length - 1]);
  let best = 0;
  positions.forEach((position, index) => {
    if (Math.abs(position - target) < Math.abs(positions[best] - target)) best = index;
  });
  return best;
}

/* raw between «», at most QUOTE_LIMIT characters (whole code points). */
function quote(raw) {
  const characters = Array.from(String(raw));
  return characters.length > QUOTE_LIMIT ? `«${characters.slice(0, QUOTE_LIMIT).join("")}…»` : `«${raw}»`;
}

/* A number from a plain decimal string, else NaN. */
function parseDecimal(raw) {
  const text = String(raw).trim();
  return PLAIN_DECIMAL.test(text) ? Number(text) : NaN;
}

/* -> {indexes: {name: positionIndex}, seed: number|null, notices: [Spanish text]} */
function read(spec, search) {
  const params = new URLSearchParams(search);
  const prefix = namespaceOf(spec) + ".";
  const result = { indexes: {}, seed: null, notices: [] };
  spec.controls.forEach((control) => {
    const raw = params.get(prefix + control.name);
    if (raw === null) return;
    const value = parseDecimal(raw);
    const positions = control.positions;
    if (Number.isNaN(value)) {
      result.notices.push(`El enlace trae ${quote(raw)} para ${control.label}, que no es un número decimal `
        + "(como 0.31); se usa el valor inicial.");
      return;
    }
    if (!Number.isFinite(value)) {
      result.notices.push(`El enlace trae ${quote(raw)} para ${control.label}, que no es un número finito; se usa el valor inicial.`);
      return;
    }
    const index = nearestIndex(positions, value);
    const low = positions[0];
    const high = positions[positions.length - 1];
    if (value < low || value > high) {
      result.notices.push(`${control.label} va de ${low} a ${high}; el enlace pedía ${quote(raw)} y se usa ${positions[index]}.`);
    } else if (Math.abs(positions[index] - value) > 1e-9) {
      result.notices.push(`${control.label} no admite ${quote(raw)}; se usa el valor más cercano, ${positions[index]}.`);
    }
    result.indexes[control.name] = index;
  });
  if (spec.seed_argument) {
    const raw = params.get(prefix + spec.seed_argument);
    if (raw !== null) {
      const seed = parseDecimal(raw);
      if (Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32) result.seed = seed;
      else result.notices.push(`La semilla ${quote(raw)} del enlace no es válida; se usa la muestra inicial.`);
    }
  }
  return result;
}

/* The search string with this widget's settings replaced (defaults are left out). Only this
 * widget's own keys are touched: another widget's namespace may start with the same text. */
function write(spec, values, search) {
  const params = new URLSearchParams(search);
  const prefix = namespaceOf(spec) + ".";
  const names = spec.controls.map((control) => control.name);
  if (spec.seed_argument) names.push(spec.seed_argument);
  names.forEach((name) => params.delete(prefix + name));
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

/* A link to this widget with its settings: the page's URL (href), these values, its anchor. */
function link(spec, values, anchor, href = window.location.href) {
  const base = href.split(/[?#]/)[0];
  return base + write(spec, values, "") + "#" + anchor;
}

export { read, write, remember, link, nearestIndex, quote, parseDecimal };
