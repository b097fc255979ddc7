// modules/status-height.js: a widget's status keeps its tallest height per width, never shrinks back.
import test from "node:test";
import assert from "node:assert/strict";

import { keepTallestStatus, tallestHeight } from "../../site_src/js/modules/status-height.js";

test("a taller text grows what is kept, a shorter one leaves it", () => {
  let kept = tallestHeight(undefined, 700, 20); // the figure's name, one line
  assert.deepEqual(kept, { width: 700, height: 20 });
  kept = tallestHeight(kept, 700, 60); // a notice of three lines
  assert.deepEqual(kept, { width: 700, height: 60 });
  const before = kept;
  kept = tallestHeight(kept, 700, 20); // the name again: the box keeps three lines
  assert.equal(kept, before);
  kept = tallestHeight(kept, 700, 40);
  assert.equal(kept, before);
});

test("a new width starts again from the text shown then", () => {
  const desktop = tallestHeight(tallestHeight(undefined, 700, 20), 700, 60);
  assert.deepEqual(tallestHeight(desktop, 340, 40), { width: 340, height: 40 }); // shorter than before
  assert.deepEqual(tallestHeight(desktop, 340, 130), { width: 340, height: 130 });
});

test("sizes each text's box from the observer's measures, once per change", () => {
  const observed = [];
  let callback = null;
  globalThis.ResizeObserver = class {
    constructor(cb) { callback = cb; }
    observe(element) { observed.push(element); }
  };
  try {
    const box = { style: { setProperty(name, value) { this[name] = value; } } };
    const text = { parentElement: box };
    keepTallestStatus([text]);
    assert.deepEqual(observed, [text]);
    const measure = (width, height) => callback([{ target: text, borderBoxSize: [{ inlineSize: width, blockSize: height }] }]);
    measure(700, 20);
    assert.equal(box.style["--lw-status-tallest"], "20px");
    measure(700, 61.5);
    assert.equal(box.style["--lw-status-tallest"], "61.5px");
    box.style["--lw-status-tallest"] = "untouched";
    measure(700, 20);
    assert.equal(box.style["--lw-status-tallest"], "untouched"); // nothing to change: not set again
    measure(340, 40);
    assert.equal(box.style["--lw-status-tallest"], "40px");
  } finally {
    delete globalThis.ResizeObserver;
  }
});

test("without ResizeObserver nothing is observed and nothing throws", () => {
  assert.equal(typeof globalThis.ResizeObserver, "undefined");
  keepTallestStatus([{ parentElement: { style: {} } }]);
});
