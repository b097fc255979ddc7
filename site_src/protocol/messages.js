/* Builds and checks the messages declared in site_src/protocol/protocol.json. The build
 * (site_src/static_files.py) puts `const PROTOCOL = <protocol.json>;` and this file at the top of
 * python-runtime.js and pyodide-worker.js, so both sides speak from the one declaration. */

/* A message of `direction` ("to_worker" or "to_page"): an undeclared type or a missing field is
 * a programming error, so it throws rather than sending something the other side cannot read. */
function protocolMessage(direction, type, fields) {
  const declared = PROTOCOL[direction][type];
  if (!declared) throw new Error(`protocol: undeclared ${direction} message "${type}"`);
  for (const name of Object.keys(declared)) {
    if (!(name in fields)) throw new Error(`protocol: message "${type}" lacks "${name}"`);
  }
  return { type, ...fields };
}

/* Is this a message the other side may send us? Unknown ones are ignored, never guessed at. */
function isDeclaredMessage(direction, message) {
  return Boolean(message && typeof message.type === "string"
    && Object.prototype.hasOwnProperty.call(PROTOCOL[direction], message.type));
}

/* An error as data: {name, message, fatal}; it crosses postMessage unchanged. */
function protocolError(name, message, fatal) {
  return { name: String(name || "Error"), message: String(message || ""), fatal: Boolean(fatal) };
}

if (typeof module === "object" && module.exports) {
  module.exports = { protocolMessage, isDeclaredMessage, protocolError };
}
