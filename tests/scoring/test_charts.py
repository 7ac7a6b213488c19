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
