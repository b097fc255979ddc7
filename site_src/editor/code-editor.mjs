/* The code editor of "Editar y ejecutar": CodeMirror 6 with Python highlighting in the site's
 * own code colours (Material's --md-code-* variables, so light and dark follow the page).
 * Bundled at build time by esbuild (site_src/js_bundle.py) into assets/lesson/code-editor.js,
 * which code-runner.js loads only when a reader opens an editor (handed over through
 * site_src/js/modules/page-handoff.js).
 */
import { publishCodeEditor } from "../js/modules/page-handoff.js";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { HighlightStyle, syntaxHighlighting, indentOnInput, bracketMatching } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { tags } from "@lezer/highlight";

const code = (name) => `var(--md-code-hl-${name}-color)`;

const siteHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword], color: code("keyword") },
  { tag: [tags.string, tags.special(tags.string)], color: code("string") },
  { tag: [tags.number, tags.bool, tags.null], color: code("number") },
  { tag: [tags.comment, tags.lineComment], color: code("comment"), fontStyle: "italic" },
  { tag: [tags.operator, tags.derefOperator], color: code("operator") },
  { tag: [tags.punctuation, tags.paren, tags.bracket, tags.brace, tags.separator], color: code("punctuation") },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: code("function") },
  { tag: [tags.definition(tags.variableName), tags.className], color: code("name") },
  { tag: [tags.standard(tags.variableName), tags.self], color: code("constant") },
]);

const siteTheme = EditorView.theme({
  "&": {
    color: "var(--md-code-fg-color)",
    backgroundColor: "var(--md-code-bg-color)",
    fontSize: ".85em",
    maxHeight: "36em",
    borderRadius: ".2em",
  },
  ".cm-scroller": { overflow: "auto" },
  ".cm-content": { fontFamily: "var(--md-code-font-family)", caretColor: "var(--md-code-fg-color)" },
  ".cm-cursor": { borderLeftColor: "var(--md-code-fg-color)" },
  "&.cm-focused": { outline: "2px solid var(--md-accent-fg-color)" },
  ".cm-gutters": {
    backgroundColor: "var(--md-code-bg-color)",
    color: "var(--md-default-fg-color--light)",
    border: "none",
  },
  ".cm-activeLine": { backgroundColor: "var(--md-code-hl-color--light, transparent)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--md-code-hl-color)",
  },
});

/* An editor in `parent` holding `text`, inside an open shadow root of `parent`: there
 * CodeMirror adopts its generated styles as constructed stylesheets, which the site's
 * Content-Security-Policy (style-src 'self', no inline <style>) allows; in the document itself
 * it would add a <style> element, which the policy blocks. The site's CSS variables (colours,
 * fonts) inherit into the shadow root. `label` is its accessible name; `onRun` is called by
 * Ctrl/Cmd+Enter, `onChange(text)` after each edit. Tab indents; Escape then Tab leaves. */
function create({ parent, text, label, onRun, onChange }) {
  const runKey = { key: "Mod-Enter", run: () => { onRun(); return true; } };
  const root = parent.attachShadow({ mode: "open" });
  return new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        python(),
        syntaxHighlighting(siteHighlight),
        siteTheme,
        keymap.of([runKey, indentWithTab, ...defaultKeymap, ...historyKeymap]),
        EditorState.tabSize.of(4),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
}

function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/* The editor of an element (bench/code_runs.js sets code through it). */
function viewOf(element) {
  return EditorView.findFromDOM(element);
}

publishCodeEditor({ create, setText, viewOf });
