/* A widget's status line and table keep the tallest height they have had at their width.
 *
 * The status shows the figure's name (one line) or a notice (two to six lines, by widget and
 * width); on a phone a table row wraps or not with its numbers' widths. Were they to take each
 * text's own height, every move that brings a longer text or takes it away would move the whole
 * lesson below the widget (a layout shift, and the page laid out and painted again) — at every
 * such move, back and forth. Kept at their tallest, they grow at most once per new height and
 * never shrink back while the width stays the same; a new width (a phone turned, the page
 * zoomed) starts again from what is shown then.
 *
 * Each element (<p class="lw-status">, <table class="lw-table">) is measured; its box (the
 * <div> around it) gets the height as --lw-tallest, which lesson.css turns into its min-height:
 * the element's own height is never changed by what is kept, so a new width measures it as it
 * is. Imported by widgets.js; Node's unit tests (tests/js/) import it too.
 */

/* What to keep after measuring an element at this width: the tallest so far, or a new start. */
function tallestHeight(kept, width, height) {
  if (!kept || kept.width !== width) return { width, height };
  return height > kept.height ? { width, height } : kept;
}

/* Watches one widget's elements and sizes the box around each (browsers without ResizeObserver:
 * the CSS minimums alone). The width that counts is the room the widget gives them, read from
 * ``ruler`` (its figure's <picture>, as wide as the widget): a table is as wide as its numbers.
 * The heights are set at the next animation frame, not in the observer's callback: a box that
 * shrinks (a new width) changes the page's height, which other observers (Material's, on the
 * page's body) would otherwise see only after theirs ran in this frame, an error event
 * ("ResizeObserver loop completed with undelivered notifications"). A box never needs its height
 * sooner: a taller text has just made it as tall. */
function keepTallest(elements, ruler) {
  if (typeof ResizeObserver !== "function") return;
  const kept = new WeakMap(); // element -> {width, height}
  let room = null; // the ruler's width
  const pending = new Map(); // box -> its height, set at the next frame
  const setHeights = () => {
    pending.forEach((height, box) => box.style.setProperty("--lw-tallest", `${height}px`));
    pending.clear();
  };
  const sizeOf = (entry) => {
    const box = entry.borderBoxSize && entry.borderBoxSize[0];
    return box ? [box.inlineSize, box.blockSize] : [entry.contentRect.width, entry.contentRect.height];
  };
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      if (entry.target === ruler) room = sizeOf(entry)[0]; // first: this layout's width
    }
    for (const entry of entries) {
      if (entry.target === ruler) continue;
      const [ownWidth, height] = sizeOf(entry);
      const before = kept.get(entry.target);
      const now = tallestHeight(before, room === null ? ownWidth : room, height);
      if (now === before) continue;
      kept.set(entry.target, now);
      if (!pending.size) requestAnimationFrame(setHeights);
      pending.set(entry.target.parentElement, now.height);
    }
  });
  if (ruler) observer.observe(ruler);
  elements.forEach((element) => observer.observe(element));
}

export { keepTallest, tallestHeight };
