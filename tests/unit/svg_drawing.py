"""What an SVG figure draws, as comparable data, and the page's way of patching one.

``drawing(svg)`` lists every drawn element in document order: its tag, its attributes (ids
left out, references such as ``url(#p1)`` or ``xlink:href="#m2"`` replaced by what they point
to) and its text; an empty group draws nothing and is left out. Two figures with equal drawings
show the same paths and the same text.
``apply_patch`` does in Python what site_src/js/modules/figure-patch.js does on the page.
"""

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
REFERENCE = re.compile(r"url\(#([^)]+)\)")
NOT_DRAWN = {"defs", "style", "metadata", "title", "desc"}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def parse(svg):
    return ET.fromstring(svg.encode("utf-8"))


def ids(root):
    return {element.get("id"): element for element in root.iter() if element.get("id")}


def canonical(element, by_id, depth=0):
    attributes = []
    for name, value in sorted(element.attrib.items()):
        if name == "id":
            continue
        if name == XLINK_HREF and value.startswith("#"):
            value = canonical(by_id[value[1:]], by_id, depth + 1)
        else:
            value = REFERENCE.sub(lambda match: repr(canonical(by_id[match.group(1)], by_id, depth + 1)), value)
        attributes.append((local(name), value))
    children = tuple(canonical(child, by_id, depth + 1) for child in element) if depth else ()
    return (local(element.tag), tuple(attributes), (element.text or "").strip(), children)


def is_empty_group(element):
    """A group with nothing inside draws nothing (a live figure's place for a hidden artist)."""
    return local(element.tag) == "g" and len(element) == 0 and not (element.text or "").strip()


def drawing(svg_or_root):
    root = parse(svg_or_root) if isinstance(svg_or_root, str) else svg_or_root
    by_id = ids(root)
    drawn = []

    def walk(element):
        for child in element:
            if local(child.tag) in NOT_DRAWN or is_empty_group(child):
                continue
            drawn.append(canonical(child, by_id))
            walk(child)

    walk(root)
    return drawn


def apply_patch(root, patch_svg):
    """Replace each group of the patch in the figure (same id); add definitions it lacks."""
    patch = parse(patch_svg)
    parents = {child: parent for parent in root.iter() for child in parent}
    by_id = ids(root)
    for element in patch:
        if local(element.tag) == "g" and element.get("id"):
            old = by_id[element.get("id")]
            parent = parents[old]
            parent.insert(list(parent).index(old), element)
            parent.remove(old)
        elif local(element.tag) == "defs":
            missing = [item for item in element if item.get("id") not in by_id]
            if missing:
                defs = ET.SubElement(root, SVG + "defs")
                defs.extend(missing)
    return root


# --- what is painted, shape by shape --------------------------------------------------------

PAINT_ATTRIBUTES = {"fill", "fill-opacity", "opacity", "stroke", "stroke-opacity", "stroke-width",
                    "stroke-linejoin", "stroke-linecap", "stroke-dasharray", "stroke-dashoffset",
                    "clip-path"}
NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:e-?\d+)?")


def subpaths(d, dx=0.0, dy=0.0):
    """A path's data, one (commands, absolute coordinates) per subpath, moved by (dx, dy).
    Relative commands (m, l, q, c, z) count as the absolute ones they stand for."""
    pieces = re.findall(r"[MLQCzmlqc]|" + NUMBER.pattern, d)
    sizes = {"m": 2, "l": 2, "q": 4, "c": 6}
    shapes, commands, numbers = [], [], []
    current = start = (0.0, 0.0)
    index = 0
    while index < len(pieces):
        command = pieces[index]
        if command in "zZ":
            commands.append("z")
            current, index = start, index + 1
            continue
        count = sizes[command.lower()]
        values = [float(value) for value in pieces[index + 1:index + 1 + count]]
        if command.islower():
            values = [value + current[position % 2] for position, value in enumerate(values)]
        if command in "Mm":
            if commands:
                shapes.append(("".join(commands), numbers))
            commands, numbers = [], []
            start = tuple(values)
        commands.append(command.upper())
        numbers.extend(value + (dx, dy)[position % 2] for position, value in enumerate(values))
        current = tuple(values[-2:])
        index += 1 + count
    if commands:
        shapes.append(("".join(commands), numbers))
    return shapes


def painted_shapes(svg_or_root):
    """Every path and text painted, in painting order, as (paint attributes, commands,
    coordinates) (a text: its attributes, "text" and its content, no coordinates); a
    <use> of a marker counts as its definition's path moved to the <use>'s x and y, and so does
    each <marker> painted at a path's vertices; a path of several subpaths counts as one shape per
    subpath. Paint attributes are the element's own and
    those it inherits from its groups (and, for a <use>, its definition's, which win); clip paths
    are compared by what they hold."""
    root = parse(svg_or_root) if isinstance(svg_or_root, str) else svg_or_root
    by_id = ids(root)
    shapes = []

    def paint(element, inherited):
        attributes = dict(inherited)
        for name, value in element.attrib.items():
            if local(name) in PAINT_ATTRIBUTES:
                attributes[local(name)] = REFERENCE.sub(
                    lambda match: repr(canonical(by_id[match.group(1)], by_id, 1)), value)
        return attributes

    def walk(element, inherited):
        for child in element:
            tag = local(child.tag)
            if tag in NOT_DRAWN:
                continue
            attributes = paint(child, inherited)
            if tag == "g":
                walk(child, attributes)
            elif tag == "path":
                if paints(attributes):
                    for commands, numbers in subpaths(child.get("d", "")):
                        shapes.append((tuple(sorted(attributes.items())), commands, numbers))
                shapes.extend(markers_painted(child, attributes))
            elif tag == "text":
                own = {local(name): value for name, value in child.attrib.items() if local(name) != "id"}
                shapes.append((tuple(sorted({**attributes, **own}.items())), "text " + "".join(child.itertext()), []))
            elif tag == "use":
                definition = by_id[child.get(XLINK_HREF)[1:]]
                attributes = paint(definition, attributes)
                x, y = float(child.get("x", 0)), float(child.get("y", 0))
                for commands, numbers in subpaths(definition.get("d", ""), x, y):
                    shapes.append((tuple(sorted(attributes.items())), commands, numbers))

    def markers_painted(path, attributes):
        """A path's <marker>s, one at each vertex: the first vertex gets marker-start, the last
        marker-end, the others marker-mid. A marker's shapes are its definition's, painted as
        styled there (not by the path), moved to the vertex and clipped as the path is."""
        vertices = [(x, y) for commands, numbers in subpaths(path.get("d", ""))
                    for x, y in zip(numbers[0::2], numbers[1::2])]
        painted = []
        for index, vertex in enumerate(vertices):
            place = "start" if index == 0 else "end" if index == len(vertices) - 1 else "mid"
            reference = REFERENCE.fullmatch(path.get(f"marker-{place}", ""))
            if reference is None:
                continue
            assert set("".join(commands for commands, _ in subpaths(path.get("d")))) <= set("MLz"), \
                "markers on a path of lines only"
            marker = by_id[reference.group(1)]
            clip = {"clip-path": attributes["clip-path"]} if "clip-path" in attributes else {}
            for content in marker:
                own = paint(content, paint(marker, clip))
                for commands, numbers in subpaths(content.get("d", ""), *vertex):
                    painted.append((tuple(sorted(own.items())), commands, numbers))
        return painted

    walk(root, {})
    return shapes


def paints(attributes):
    """Whether a path paints itself: a fill or a stroke (a path of markers alone does not)."""
    return attributes.get("fill") != "none" or attributes.get("stroke", "none") != "none"


def same_shapes(first, second, tolerance=1e-5):
    """Whether two lists of painted_shapes paint the same, coordinates within ``tolerance`` of
    the SVG unit (matplotlib writes 6 decimals: a sum of two such numbers may differ in the last)."""
    return len(first) == len(second) and all(
        a[:2] == b[:2] and len(a[2]) == len(b[2]) and all(abs(p - q) <= tolerance for p, q in zip(a[2], b[2]))
        for a, b in zip(first, second))


def sorted_shapes(shapes):
    """Shapes in an order that does not depend on the order they were painted in."""
    return sorted(shapes, key=lambda shape: (shape[0], shape[1], [round(number, 3) for number in shape[2]]))
