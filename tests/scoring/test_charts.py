"""Server-side SVG: valid XML, escaped text, the right marks."""

import xml.etree.ElementTree as ET

from scoring.charts import diagram_svg, progress_svg, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_diagram_marks_flagged_nodes_and_draws_async_dashed():
    board = {
        "nodes": [
            {"id": "a", "kind": "client", "label": "App <script>"},
            {"id": "b", "kind": "queue", "label": "Jobs"},
        ],
        "edges": [{"from": "a", "to": "b", "mode": "async", "label": "enqueue"}],
    }
    svg = diagram_svg(board, [{"rule": "single_point_of_failure", "nodes": ["b"]}])
    root = ET.fromstring(svg)  # well-formed, so the label was escaped
    flagged = [g for g in root.iter(f"{SVG}g") if "flagged" in g.get("class", "")]
    assert [g.get("data-id") for g in flagged] == ["b"]
    assert root.find(f".//{SVG}line").get("stroke-dasharray") == "6 4"
    assert "App &lt;script&gt;" in svg


def test_diagram_without_positions_is_laid_out_by_depth():
    board = {
        "nodes": [{"id": "c", "kind": "client"}, {"id": "s", "kind": "service"}],
        "edges": [{"from": "c", "to": "s"}],
    }
    root = ET.fromstring(diagram_svg(board))
    rects = {
        g.get("data-id"): g.find(f"{SVG}rect") for g in root.iter(f"{SVG}g") if g.get("data-id")
    }
    assert float(rects["s"].get("x")) > float(rects["c"].get("x"))


def test_empty_diagram_says_so():
    assert "The diagram is empty." in diagram_svg({"nodes": [], "edges": []})


def test_timeline_colours_overruns():
    svg = timeline_svg(
        [
            {"name": "Requirements", "planned_minutes": 5, "actual_minutes": 9},
            {"name": "Design", "planned_minutes": 20, "actual_minutes": 18},
        ]
    )
    ET.fromstring(svg)
    assert svg.count('fill="#b3261e"') == 2  # the overrun bar and the legend swatch
    assert "9.0 / 5 min" in svg


def test_progress_skips_missing_values():
    svg = progress_svg(["1 Jan", "2 Jan", "3 Jan"], {"Overall": [40, None, 70]}, title="Score")
    root = ET.fromstring(svg)
    assert root.find(f".//{SVG}polyline").get("points").count(",") == 2


def _label_boxes(svg: str) -> list[tuple[float, float, float, float]]:
    import re

    from scoring.charts.diagram import label_box

    return [
        label_box(float(x), float(y), text)
        for x, y, text in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" class="edge-label"[^>]*>([^<]*)</text>', svg
        )
    ]


def test_arrow_labels_are_drawn_above_and_clear_of_the_boxes():
    """A -> C passes straight through B: its label must not sit under B (or A, or C)."""
    from scoring.charts.diagram import NODE_H, NODE_W

    board = {
        "nodes": [
            {"id": "a", "kind": "service", "label": "A", "x": 0, "y": 0},
            {"id": "b", "kind": "service", "label": "B", "x": 200, "y": 0},
            {"id": "c", "kind": "service", "label": "C", "x": 400, "y": 0},
        ],
        "edges": [
            {"from": "a", "to": "c", "label": "replicate asynchronously"},
            {"from": "a", "to": "b", "label": "reads"},
        ],
    }
    svg = diagram_svg(board)
    assert svg.rindex('class="edge-label"') > svg.rindex('class="node ')  # labels on top
    boxes = [(30 + x, 30, 30 + x + NODE_W, 30 + NODE_H) for x in (0, 200, 400)]
    labels = _label_boxes(svg)
    assert len(labels) == 2
    for label in labels:
        for box in boxes:
            overlap = (
                label[0] < box[2] and box[0] < label[2] and label[1] < box[3] and box[1] < label[3]
            )
            assert not overlap, (label, box)
    first, second = labels
    assert not (
        first[0] < second[2]
        and second[0] < first[2]
        and first[1] < second[3]
        and second[1] < first[3]
    )


def test_a_component_without_a_label_is_named_by_its_kind_not_its_id():
    svg = diagram_svg({"nodes": [{"id": "n-mx4fz1huah5n", "kind": "database"}], "edges": []})
    text = svg.replace('data-id="n-mx4fz1huah5n"', "")
    assert "n-mx4fz1huah5n" not in text
    assert ">database</text>" in svg


def test_zones_and_texts_are_drawn_around_the_components_they_hold():
    board = {
        "nodes": [
            {"id": "a", "kind": "service", "label": "API", "x": 100, "y": 100},
            {"id": "b", "kind": "database", "label": "DB", "x": 400, "y": 100},
        ],
        "edges": [],
        "zones": [
            {"id": "z", "kind": "az", "label": "AZ a", "x": -50, "y": 20, "w": 300, "h": 200}
        ],
        "texts": [{"id": "t", "style": "sticky", "text": "Hot keys\nsharded", "x": 500, "y": 300}],
    }
    root = ET.fromstring(diagram_svg(board))
    ns = {"s": "http://www.w3.org/2000/svg"}
    zone = root.find(".//s:g[@data-zone='z']/s:rect", ns)
    node = root.find(".//s:g[@data-id='a']/s:rect", ns)
    zx, zy = float(zone.get("x")), float(zone.get("y"))
    nx, ny = float(node.get("x")), float(node.get("y"))
    # The node's centre is inside the zone's rectangle, as on the board, and nothing is cut.
    assert zx <= nx + 75 <= zx + 300
    assert zy <= ny + 27 <= zy + 200
    assert zx >= 0
    assert zy >= 20, "room for the zone's label above it"
    assert "AZ: AZ a" in ET.tostring(root, encoding="unicode")
    sticky = root.find(".//s:g[@class='board-text sticky']", ns)
    assert [t.text for t in sticky.iter("{http://www.w3.org/2000/svg}tspan")] == [
        "Hot keys",
        "sharded",
    ]
    width = float(root.get("viewBox").split()[2])
    assert width >= float(sticky.find("s:rect", ns).get("x")) + 190
