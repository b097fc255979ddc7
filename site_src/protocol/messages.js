/* Builds and checks the messages declared in site_src/protocol/protocol.json. Imported by
 * python-runtime.js and pyodide-worker.js (each bundled with the declaration by esbuild,
 * site_src/js_bundle.py), so both sides speak from the one declaration. */

import PROTOCOL from "./protocol.json" with { type: "json" };

export { PROTOCOL };

/* A message of `direction` ("to_worker" or "to_page"): an undeclared type or a missing field is
 * a programming error, so it throws rather than sending something the other side cannot read. */
export function protocolMessage(direction, type, fields) {
  const declared = PROTOCOL[direction][type];
  if (!declared) throw new Error(`protocol: undeclared ${direction} message "${type}"`);
  for (const name of Object.keys(declared)) {
    if (!(name in fields)) throw new Error(`protocol: message "${type}" lacks "${name}"`);
  }
  return { type, ...fields };
}

/* Is this a message the other side may send us? Unknown ones are ignored, never guessed at. */
export function isDeclaredMessage(direction, message) {
  return Boolean(message && typeof message.type === "string"
    && Object.prototype.hasOwnProperty.call(PROTOCOL[direction], message.type));
}

/* An error as data: {name, message, fatal}; it crosses postMessage unchanged. */
export function protocolError(name, message, fatal) {
  return { name: String(name || "Error"), message: String(message || ""), fatal: Boolean(fatal) };
}
