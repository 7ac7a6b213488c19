"""Server-side SVG for reports: the diagram with findings marked, the phase timeline, progress.

Pure functions from plain data to SVG text (escaped), so pages need no charting script and
print as they look.
"""

from .diagram import diagram_svg
from .progress import progress_svg
from .timeline import timeline_svg

__all__ = ["diagram_svg", "progress_svg", "timeline_svg"]
