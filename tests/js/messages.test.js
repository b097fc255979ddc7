// site_src/protocol/messages.js with the declaration it is built with (protocol.json).
import test from "node:test";
import assert from "node:assert/strict";

import { PROTOCOL, protocolMessage, isDeclaredMessage, protocolError } from "../../site_src/protocol/messages.js";
import declared from "../../site_src/protocol/protocol.json" with { type: "json" };

test("the module speaks from the one declaration", () => {
  assert.deepEqual(PROTOCOL, declared);
});

test("every declared message can be built from its declared fields", () => {
  for (const direction of ["to_worker", "to_page"]) {
    for (const [type, fields] of Object.entries(PROTOCOL[direction])) {
      const values = Object.fromEntries(Object.keys(fields).map((name) => [name, null]));
      const message = protocolMessage(direction, type, values);
      assert.equal(message.type, type);
      assert.deepEqual(Object.keys(message).sort(), ["type", ...Object.keys(fields)].sort());
      assert.ok(isDeclaredMessage(direction, message), `${direction} ${type}`);
    }
  }
});

test("an undeclared type or a missing field throws", () => {
  assert.throws(() => protocolMessage("to_worker", "shutdown", {}), /undeclared to_worker message "shutdown"/);
  assert.throws(() => protocolMessage("to_page", "init", { root: "/" }), /undeclared to_page message "init"/);
  assert.throws(() => protocolMessage("to_worker", "render", { id: 1, widget: "a.b" }), /lacks "values"/);
});

test("only declared messages are accepted, never inherited names", () => {
  assert.ok(isDeclaredMessage("to_page", { type: "ready", timings: {} }));
  for (const message of [null, undefined, "ready", {}, { type: 3 }, { type: "render" },
    { type: "__proto__" }, { type: "toString" }, { type: "constructor" }, { type: "hasOwnProperty" }]) {
    assert.equal(isDeclaredMessage("to_page", message), false, JSON.stringify(message));
  }
});

test("errors are plain data with the declared fields", () => {
  const error = protocolError(undefined, undefined, 1);
  assert.deepEqual(error, { name: "Error", message: "", fatal: true });
  assert.deepEqual(Object.keys(error).sort(), Object.keys(PROTOCOL.error).sort());
  assert.deepEqual(structuredClone(protocolError("ValueError", "lr fuera de rango", false)),
    { name: "ValueError", message: "lr fuera de rango", fatal: false });
});
