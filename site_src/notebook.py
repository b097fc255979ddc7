"""The lesson as a Jupyter notebook, built from docs/leccion.md and py/ with nbformat.

Text, equations and code in the page's order: Markdown stays Markdown (admonitions become a bold
title and their text), each code block becomes a code cell with its ``--8<--`` snippets filled
in, and each ``::widget module.function`` line becomes the seed's ``interact(...)`` call unless
the code shown already makes it. The notebook needs no py/ file: ``from controls import`` becomes
``from ipywidgets import``, and any name the shown code uses but does not define (a constant, a
helper of the site) is copied from its py/ module into a cell just before, found by reading the
modules' syntax trees. The page-only ``matplotlib.use("Agg")`` line is left out (Jupyter shows
figures inline), and the seed's ``%matplotlib inline`` ends the first cell again.
"""

import ast
import builtins
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
PY_DIR = ROOT / "py"
NOTEBOOK_NAME = "leccion-backprop-sgd.ipynb"
LINK_TEXT = "Descargar como cuaderno de Jupyter (.ipynb)"

WIDGET_LINE = re.compile(r"^::widget[ \t]+([A-Za-z_][\w.]*)[ \t]*$")
FENCE_OPEN = re.compile(r"^(\s*)```python\s*$")
SNIPPET_LINE = re.compile(r'^\s*--8<--\s+"([\w.]+\.py):(\w+)"\s*$')
ADMONITION = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+"([^"]*)")?\s*$')
# Folded blocks with this title hold how the page draws its widgets: not part of the lesson.
SITE_CODE_TITLE = "Código del sitio"
ATTRIBUTES = re.compile(r"(?<=\))\{[^}\n]*\}")
# The widgets' module, as the notebook spells it.
IPYWIDGETS_NAMES = {"interact", "FloatSlider", "IntSlider"}
PAGE_ONLY_LINE = re.compile(r'^\s*matplotlib\.use\(.*\).*$')
# `interactive` was the site's decorator form of interact: kept working for code that shows it.
INTERACTIVE_SHIM = '''def interactive(seed_argument=None, **sliders):
    """The site's @interactive: remembers the sliders; interact(...) below uses them."""
    def attach(function):
        function.controls = sliders
        return function
    return attach'''


# ---- reading docs/leccion.md ------------------------------------------------------------------

def snippet(file_name, section):
    text = (PY_DIR / file_name).read_text(encoding="utf-8")
    match = re.search(rf"# --8<-- \[start:{section}\]\n(.*?)# --8<-- \[end:{section}\]", text, re.S)
    if not match:
        raise LookupError(f"py/{file_name} has no snippet section {section!r}")
    return match.group(1)


def expand_fence(lines):
    """The code of one fence, snippets filled in; returns (code, modules the snippets come from)."""
    out, modules = [], []
    for line in lines:
        match = SNIPPET_LINE.match(line)
        if match:
            out.append(snippet(*match.groups()))
            modules.append(match.group(1)[:-3])
        else:
            out.append(line + "\n")
    return "".join(out), modules


def parse(markdown):
    """The page as a list of ("markdown", text) / ("code", code, modules) / ("widget", name)."""
    items, text = [], []
    lines = markdown.splitlines()
    index = 0

    def flush():
        if "".join(text).strip():
            items.append(("markdown", "\n".join(text).strip("\n")))
        text.clear()

    while index < len(lines):
        line = lines[index]
        fence = FENCE_OPEN.match(line)
        widget = WIDGET_LINE.match(line.strip())
        admonition = ADMONITION.match(line)
        if fence:
            indent = len(fence.group(1))
            body = []
            index += 1
            while not lines[index].strip().startswith("```"):
                body.append(lines[index][indent:])
                index += 1
            flush()
            code, modules = expand_fence(body)
            items.append(("code", code, modules))
        elif widget:
            flush()
            items.append(("widget", widget.group(1)))
        elif admonition:
            indent = len(admonition.group(1)) + 4
            body = []
            index += 1
            while index < len(lines) and (not lines[index].strip() or
                                          len(lines[index]) - len(lines[index].lstrip()) >= indent):
                body.append(lines[index][indent:])
                index += 1
            index -= 1
            title = admonition.group(2) or ""
            if not title.startswith(SITE_CODE_TITLE):
                if title:
                    text.append(f"**{title}**\n")
                flush()
                items.extend(parse("\n".join(body)))
        elif LINK_TEXT not in line:  # the notebook does not link to itself
            text.append(ATTRIBUTES.sub("", line))
        index += 1
    flush()
    return items


# ---- names the shown code uses but does not define -------------------------------------------

def bound_and_used(code):
    """Names a piece of code binds at any level, and names it reads."""
    tree = ast.parse(code)
    bound, used = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return bound, used


class ModuleIndex:
    """Top-level definitions of the py/ modules: name -> source, and where imports point."""

    def __init__(self, py_dir=PY_DIR):
        self.py_dir = Path(py_dir)
        self.cache = {}

    def definitions(self, module):
        if module not in self.cache:
            source = (self.py_dir / f"{module}.py").read_text(encoding="utf-8")
            found = {}
            for node in ast.parse(source).body:
                segment = ast.get_source_segment(source, node, padded=True)
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    decorators = "".join(f"@{ast.get_source_segment(source, d)}\n" for d in node.decorator_list)
                    found[node.name] = ("code", decorators + segment)
                elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        for name in ast.walk(target):
                            if isinstance(name, ast.Name):
                                found[name.id] = ("code", segment)
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    for alias in node.names:
                        found[alias.asname or alias.name] = ("from", node.module, alias.name)
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        line = f"import {alias.name}" + (f" as {alias.asname}" if alias.asname else "")
                        found[alias.asname or alias.name.split(".")[0]] = ("import", line)
            self.cache[module] = found
        return self.cache[module]

    def is_lesson_module(self, module):
        return (self.py_dir / f"{module}.py").is_file()


class Resolver:
    """Collects, in dependency order, the definitions a cell needs from py/."""

    def __init__(self, index):
        self.index = index
        self.defined = set(dir(builtins))
        self.emitted = set()

    def helpers_for(self, code, modules):
        bound, used = bound_and_used(code)
        self.defined |= bound
        lines = []
        for name in sorted(used - self.defined):
            for module in modules:
                if name in self.index.definitions(module):
                    self.resolve(module, name, lines)
                    break
        self.defined |= {name for name in used}
        return lines

    def resolve(self, module, name, lines):
        key = (module, name)
        if key in self.emitted:
            return
        self.emitted.add(key)
        kind, *rest = self.index.definitions(module)[name]
        if kind == "import":
            lines.append(rest[0])
        elif kind == "from":
            source_module, original = rest
            if source_module == "controls":
                lines.append(INTERACTIVE_SHIM if original == "interactive"
                             else f"from ipywidgets import {original}")
            elif self.index.is_lesson_module(source_module):
                self.resolve(source_module, original, lines)
                if original != name:
                    lines.append(f"{name} = {original}")
            else:
                lines.append(f"from {source_module} import {original}"
                             + (f" as {name}" if original != name else ""))
        else:
            source = rest[0]
            _, used = bound_and_used(source)
            for dependency in sorted(used - {name}):
                if dependency in self.index.definitions(module) and dependency not in self.defined:
                    self.resolve(module, dependency, lines)
            lines.append(source.rstrip("\n"))
        self.defined.add(name)


# ---- the notebook ----------------------------------------------------------------------------

def notebook_code(code):
    """The page's code as a notebook shows it."""
    lines = []
    for line in code.splitlines():
        if PAGE_ONLY_LINE.match(line):
            continue
        if line.startswith("from controls import "):
            names = [name.strip() for name in line.split(" import ", 1)[1].split(",")]
            shim = "interactive" in names
            names = [name for name in names if name != "interactive"]
            if shim and "interact" not in names:
                names.insert(0, "interact")
            line = "from ipywidgets import " + ", ".join(names)
            if shim:
                line += "\n\n" + INTERACTIVE_SHIM
        lines.append(line)
    return "\n".join(lines).strip("\n")


def interact_call(name):
    """The seed's ``interact(fn, name=Slider(...), ...)`` for a declared widget. A widget that
    updates a figure its builder made (``fn(fig, ...)``, live_figure) is shown through a small
    function that builds the figure, updates it and shows it, as the seed's functions do."""
    import widget_render  # py/ on sys.path (the build hook puts it there)

    module, function = name.rsplit(".", 1)
    widget = widget_render.find_widget(name)
    controls = widget.controls
    prefix = ""
    if getattr(widget, "update", None) is widget:
        parameters = ", ".join(controls)
        shown = f"show_{function}"
        prefix = (f"def {shown}({parameters}):\n"
                  f"    {function}({widget.build_figure.__name__}(), {parameters})\n"
                  f"    plt.show()\n\n")
        function = shown
    arguments = []
    for argument, slider in controls.items():
        fields = [f"min={slider.min!r}", f"max={slider.max!r}", f"step={slider.step!r}",
                  f"value={slider.value!r}"]
        if slider.description != argument:
            fields.append(f"description={slider.description!r}")
        if slider.readout_format:
            fields.append(f"readout_format={slider.readout_format!r}")
        kind = "IntSlider" if slider.kind == "int" else "FloatSlider"
        arguments.append(f"         {argument}={kind}({', '.join(fields)})")
    return prefix + f"interact({function},\n" + ",\n".join(arguments) + ");"


def build(markdown, py_dir=PY_DIR):
    """The notebook (an nbformat NotebookNode) for the lesson's Markdown."""
    resolver = Resolver(ModuleIndex(py_dir))
    items = parse(markdown)
    all_code = "".join(item[1] for item in items if item[0] == "code")
    cells = []
    shown = ""
    waiting = []  # widgets whose interact(...) call goes after the code that defines them

    def add_interact_calls():
        for name in list(waiting):
            function = name.rsplit(".", 1)[1]
            if function in resolver.defined:
                waiting.remove(name)
                call = interact_call(name)
                resolver.helpers_for(call, [])
                cells.append(nbformat.v4.new_code_cell(call))

    for item in items:
        if item[0] == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(item[1]))
        elif item[0] == "code":
            code = notebook_code(item[1])
            helpers = resolver.helpers_for(code, item[2])
            if helpers:
                cells.append(nbformat.v4.new_code_cell(
                    "# Definiciones de apoyo que la página no muestra (vienen de py/)\n"
                    + "\n\n".join(helpers)))
            if "import matplotlib.pyplot as plt" in code and "%matplotlib" not in shown:
                code += "\n%matplotlib inline"  # as the seed's first cell: figures inline from the start
            cells.append(nbformat.v4.new_code_cell(code))
            shown += code
            add_interact_calls()
        else:
            function = item[1].rsplit(".", 1)[1]
            if not re.search(rf"\binteract\(\s*{function}\b", all_code):
                waiting.append(item[1])
                add_interact_calls()
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    # Stable cell ids: the same lesson gives the same bytes (reproducible builds).
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"celda-{number:03d}"
    nbformat.validate(notebook)
    return notebook


def notebook_json(markdown, py_dir=PY_DIR):
    return nbformat.writes(build(markdown, py_dir)) + "\n"
