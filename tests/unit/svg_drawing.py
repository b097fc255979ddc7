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
