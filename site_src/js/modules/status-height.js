/* A widget's status line keeps the tallest height it has had at its width.
 *
 * The status shows the figure's name (one line) or a notice (two to six lines, by widget and
 * width). Were it to take each text's own height, every move that brings a notice or takes it
 * away would move the whole lesson below the widget (a layout shift, and the page laid out and
 * painted again) — at every such move, back and forth. Kept at its tallest, it grows at most
 * once per text length and never shrinks back while the width stays the same; a new width (a
 * phone turned, the page zoomed) starts again from the text shown then.
 *
 * The text (<p class="lw-status">) is measured; its box (<div class="lw-status-box">) gets the
 * height, as --lw-status-tallest, which lesson.css combines with its minimum of two lines: the
 * text's own height is never changed by what is kept, so a new width measures it as it is. Imported by widgets.js; Node's
 * unit tests (tests/js/) import tallestHeight.
 */

/* What to keep after measuring the text at this width: the tallest so far, or a new start. */
function tallestHeight(kept, width, height) {
  if (!kept || kept.width !== width) return { width, height };
  return height > kept.height ? { width, height } : kept;
}

/* Watches each widget's status text and sizes its box (browsers without ResizeObserver: the
 * CSS minimum of two lines alone, as before). */
function keepTallestStatus(texts) {
  if (typeof ResizeObserver !== "function") return;
  const kept = new WeakMap();
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const box = entry.borderBoxSize && entry.borderBoxSize[0];
      const width = box ? box.inlineSize : entry.contentRect.width;
      const height = box ? box.blockSize : entry.contentRect.height;
      const before = kept.get(entry.target);
      const now = tallestHeight(before, width, height);
      if (now === before) continue;
      kept.set(entry.target, now);
      entry.target.parentElement.style.setProperty("--lw-status-tallest", `${now.height}px`);
    }
  });
  texts.forEach((text) => observer.observe(text));
}

export { keepTallestStatus, tallestHeight };
