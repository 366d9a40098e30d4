"""Figure regions of a page, found from what it draws: charts, diagrams and maps are many vector objects
(bars, axes, gridlines, shaded areas) close together; running text is drawn as text alone.

Text printed inside such a region (axis labels, legend bins, timeline dates, numbers on bars) belongs to the
figure, not to the body, so segmentation keeps it out of the paragraphs and out of extraction. A rule under a
heading, a box behind a sidebar or a page background is one or two objects and never makes a region; a ruled
table does, which is why the caller drops regions that overlap a table it found.
"""
from __future__ import annotations

from collections import defaultdict

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.model import BBox

GAP = 28.0  # points: marks this close belong to one chart (bars stand apart by about their own width)
BUCKET = 48.0  # points per side of the grid buckets that find a mark's neighbours
MIN_OBJECTS = 8  # drawn objects in a cluster before it is a figure
MIN_SIDE = 40.0  # points: a figure is at least this wide and this high
MAX_SHARE = 0.1  # an object covering more of the page than this is a panel or background behind text or a
# chart, not one of the marks a chart is drawn with (bars, ticks, gridlines, slices)
MAX_OBJECTS = 20_000  # a page drawing more than this is read up to here (a hostile file can draw millions)
_DRAWN = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_SHADING)


def figure_regions(page: pdfium.PdfPage, width: float, height: float) -> list[BBox]:
    """Boxes (top-left origin, the frame of the page's lines on an unrotated page) of the drawn figures."""
    boxes = _drawn_boxes(page, width, height)
    if len(boxes) < MIN_OBJECTS:
        return []
    return [box for box, n in _clusters(boxes)
            if n >= MIN_OBJECTS and box[2] - box[0] >= MIN_SIDE and box[3] - box[1] >= MIN_SIDE]


def _drawn_boxes(page: pdfium.PdfPage, width: float, height: float) -> list[BBox]:
    boxes: list[BBox] = []
    left, bottom, right, top = (pdfium_c.FS_FLOAT() for _ in range(4))
    containers = [(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)]
    while containers and len(boxes) < MAX_OBJECTS:
        handle, count_objects, get_object = containers.pop()
        for i in range(count_objects(handle)):
            obj = get_object(handle, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                containers.append((obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject))
                continue
            if kind not in _DRAWN or not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            box = (max(0.0, left.value), max(0.0, height - top.value), min(width, right.value),
                   min(height, height - bottom.value))
            area = (box[2] - box[0]) * (box[3] - box[1])
            if box[2] >= box[0] and box[3] >= box[1] and area <= MAX_SHARE * width * height:
                boxes.append(box)
    return boxes


def _clusters(boxes: list[BBox]) -> list[tuple[BBox, int]]:
    """Groups of boxes standing within `GAP` points of each other: (the group's bounding box, how many objects).

    Union-find over the pairs that share a bucket of a coarse grid, so the cost follows the number of objects
    and their neighbours, not the page's area (a table drawn with thousands of rules stays cheap).
    """
    parent = list(range(len(boxes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        near = (x0 - GAP, y0 - GAP, x1 + GAP, y1 + GAP)
        for bx in range(int(near[0] // BUCKET), int(near[2] // BUCKET) + 1):
            for by in range(int(near[1] // BUCKET), int(near[3] // BUCKET) + 1):
                bucket = buckets[(bx, by)]
                for j in bucket:
                    if root(j) != root(k) and _overlap(boxes[j], near):
                        parent[root(j)] = root(k)
                bucket.append(k)
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(boxes)):
        groups[root(k)].append(k)
    found = []
    for members in groups.values():
        xs0, ys0, xs1, ys1 = zip(*(boxes[k] for k in members))
        found.append(((min(xs0), min(ys0), max(xs1), max(ys1)), len(members)))
    return found


def _overlap(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def inside(bbox: BBox, region: BBox, slack: float = 2.0) -> bool:
    """Whether the middle of `bbox` lies in `region` (widened by `slack` points)."""
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return region[0] - slack <= x <= region[2] + slack and region[1] - slack <= y <= region[3] + slack
