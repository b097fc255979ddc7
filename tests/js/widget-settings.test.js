// modules/widget-settings.js: reading a shared link never throws and always lands on an allowed position.
import test from "node:test";
import assert from "node:assert/strict";

import * as settings from "../../site_src/js/modules/widget-settings.js";

const LR = { name: "lr", label: "Learn Rate", value: 0.1, positions: [0.01, 0.06, 0.1, 0.11, 0.16, 1.06, 1.1] };
const STEPS = { name: "steps", label: "Pasos", value: 10, positions: Array.from({ length: 50 }, (_, i) => i + 1) };
const SGD = { widget: "sgd_descent.visualize_sgd", controls: [LR, STEPS], seed_argument: null };
const TOY = { widget: "toy_problem.solve_toy_problem", controls: [STEPS], seed_argument: "seed" };

test("nearestIndex finds the closest position and clamps far outside the range", () => {
  const { nearestIndex } = settings;
  assert.equal(nearestIndex(LR.positions, 0.1), 2);
  assert.equal(nearestIndex(LR.positions, 0.104), 2);
  assert.equal(nearestIndex(LR.positions, 0.14), 4);
  assert.equal(nearestIndex(STEPS.positions, 7.4), 6);
  // every distance rounds to the same float there: only clamping gives the end
  for (const huge of [1e17, 1e20, 1e300, Number.MAX_VALUE]) {
    assert.equal(nearestIndex(STEPS.positions, huge), 49, String(huge));
    assert.equal(nearestIndex(LR.positions, huge), LR.positions.length - 1, String(huge));
  }
  assert.equal(nearestIndex(LR.positions, -1e300), 0);
});

test("a link's values become position indexes", () => {
  const read = settings.read(SGD, "?visualize_sgd.lr=0.16&visualize_sgd.steps=20");
  assert.deepEqual(read, { indexes: { lr: 4, steps: 19 }, seed: null, notices: [] });
});

test("out-of-range, off-step and far values are corrected with a notice", () => {
  const read = settings.read(SGD, "?visualize_sgd.lr=1e300&visualize_sgd.steps=1e20");
  assert.deepEqual(read.indexes, { lr: 6, steps: 49 });
  assert.match(read.notices[0], /^Learn Rate va de 0.01 a 1.1; el enlace pedía «1e300» y se usa 1.1\.$/);
  assert.match(read.notices[1], /se usa 50\.$/);
  const off = settings.read(SGD, "?visualize_sgd.steps=7.4");
  assert.deepEqual(off.indexes, { steps: 6 });
  assert.match(off.notices[0], /no admite «7.4»; se usa el valor más cercano, 7/);
});

test("hex, binary, octal and other non-decimal spellings are refused", () => {
  for (const raw of ["0x14", "0X14", "0b100", "0o620", "1_000", "Infinity", "abc", "", " ", "1e", "--1"]) {
    const read = settings.read(SGD, "?visualize_sgd.steps=" + encodeURIComponent(raw));
    assert.deepEqual(read.indexes, {}, raw);
    assert.equal(read.notices.length, 1, raw);
    assert.match(read.notices[0], /no es un número (decimal|finito)/, raw);
  }
  const infinite = settings.read(SGD, "?visualize_sgd.steps=1e999");
  assert.match(infinite.notices[0], /no es un número finito/);
  for (const raw of ["20", " 20 ", "+20", "20.", "2e1", ".2E2"]) {
    assert.deepEqual(settings.read(SGD, "?visualize_sgd.steps=" + encodeURIComponent(raw)).indexes, { steps: 19 }, raw);
  }
});

test("a 100 KB value is quoted with at most 40 characters", () => {
  const huge = "9".repeat(100000);
  for (const raw of [huge, huge + "x", "🙂".repeat(1000)]) {
    const read = settings.read(TOY, `?solve_toy_problem.steps=${encodeURIComponent(raw)}&solve_toy_problem.seed=${encodeURIComponent(raw)}`);
    assert.equal(read.notices.length, 2);
    for (const notice of read.notices) assert.ok(Array.from(notice).length < 160, notice.slice(0, 200));
  }
  assert.equal(settings.quote("🙂".repeat(41)), "«" + "🙂".repeat(40) + "…»");
  assert.equal(settings.quote("0x14"), "«0x14»");
});

test("seeds: integers in [0, 2^32) only", () => {
  assert.equal(settings.read(TOY, "?solve_toy_problem.seed=7").seed, 7);
  assert.equal(settings.read(TOY, "?solve_toy_problem.seed=4294967295").seed, 4294967295);
  for (const raw of ["-1", "4294967296", "1.5", "0x10", "abc"]) {
    const read = settings.read(TOY, "?solve_toy_problem.seed=" + raw);
    assert.equal(read.seed, null, raw);
    assert.match(read.notices[0], /semilla/, raw);
  }
});

test("unknown keys and other widgets' keys are ignored", () => {
  const read = settings.read(SGD, "?nada.x=1&visualize_sgd.otro=2&solve_toy_problem.steps=3&__proto__.steps=4");
  assert.deepEqual(read, { indexes: {}, seed: null, notices: [] });
});

test("the namespace is spec.namespace when the build set one, else the function's name", () => {
  const second = { ...SGD, namespace: "visualize_sgd-2" };
  assert.deepEqual(settings.read(second, "?visualize_sgd.steps=5&visualize_sgd-2.steps=9").indexes, { steps: 8 });
  assert.deepEqual(settings.read(SGD, "?visualize_sgd.steps=5&visualize_sgd-2.steps=9").indexes, { steps: 4 });
  const qualified = { ...SGD, namespace: "sgd_descent.visualize_sgd" };
  assert.deepEqual(settings.read(qualified, "?sgd_descent.visualize_sgd.steps=3").indexes, { steps: 2 });
});

test("write keeps other widgets' settings and leaves defaults out", () => {
  const second = { ...SGD, namespace: "visualize_sgd-2" };
  const search = "?visualize_sgd.lr=0.16&visualize_sgd-2.steps=9&other=1";
  assert.equal(settings.write(SGD, { lr: 0.1, steps: 20 }, search), "?visualize_sgd-2.steps=9&other=1&visualize_sgd.steps=20");
  assert.equal(settings.write(second, { lr: 0.1, steps: 10 }, search), "?visualize_sgd.lr=0.16&other=1");
  assert.equal(settings.write(TOY, { steps: 10, seed: 3 }, ""), "?solve_toy_problem.seed=3");
  assert.equal(settings.write(SGD, { lr: 0.1, steps: 10 }, ""), "");
});

test("written links read back to the same positions", () => {
  const values = { lr: 1.06, steps: 33 };
  const url = settings.link(SGD, values, "lw-x", "http://aula.local/leccion.html?viejo=1#otro");
  assert.equal(url, "http://aula.local/leccion.html?visualize_sgd.lr=1.06&visualize_sgd.steps=33#lw-x");
  const read = settings.read(SGD, new URL(url).search);
  assert.deepEqual(read, { indexes: { lr: 5, steps: 32 }, seed: null, notices: [] });
});
