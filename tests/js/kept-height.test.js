// modules/kept-height.js: a widget's status and table keep their tallest height per width, never shrink back.
import test from "node:test";
import assert from "node:assert/strict";

import { keepTallest, tallestHeight } from "../../site_src/js/modules/kept-height.js";

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

test("sizes each element's box from the observer's measures, once per change, at the ruler's width", () => {
  const observed = [];
  let callback = null;
  const frames = [];
  globalThis.requestAnimationFrame = (run) => frames.push(run);
  const nextFrame = () => frames.splice(0).forEach((run) => run());
  globalThis.ResizeObserver = class {
    constructor(cb) { callback = cb; }
    observe(element) { observed.push(element); }
  };
  try {
    const box = { style: { setProperty(name, value) { this[name] = value; } } };
    const table = { parentElement: box };
    const ruler = {};
    keepTallest([table], ruler);
    assert.deepEqual(observed, [ruler, table]); // the box itself is not observed: no loop
    const size = (target, width, height) => ({ target, borderBoxSize: [{ inlineSize: width, blockSize: height }] });
    callback([size(table, 300, 20), size(ruler, 700, 400)]); // the ruler's width counts, in any order
    assert.equal(box.style["--lw-tallest"], undefined); // set at the next frame, not in the callback
    nextFrame();
    assert.equal(box.style["--lw-tallest"], "20px");
    callback([size(table, 320, 61.5)]); // wider numbers, a taller table: the room is the same
    callback([size(table, 320, 70)]); // and taller within the same frame: one write, the last
    assert.equal(frames.length, 1);
    nextFrame();
    assert.equal(box.style["--lw-tallest"], "70px");
    box.style["--lw-tallest"] = "untouched";
    callback([size(table, 250, 20)]); // narrower numbers: a new width of its own, not of the room
    nextFrame();
    assert.equal(box.style["--lw-tallest"], "untouched"); // nothing to change: not set again
    callback([size(ruler, 340, 300), size(table, 250, 40)]); // a phone turned: less room
    nextFrame();
    assert.equal(box.style["--lw-tallest"], "40px");
  } finally {
    delete globalThis.ResizeObserver;
    delete globalThis.requestAnimationFrame;
  }
});

test("without ResizeObserver nothing is observed and nothing throws", () => {
  assert.equal(typeof globalThis.ResizeObserver, "undefined");
  keepTallest([{ parentElement: { style: {} } }]);
});
