"""The one source of visual truth: themes, geometry and QPainter drawing of a document.

Uses QtGui only (no widgets), so the canvas and the SVG/PDF/PNG exports draw the same way.
"""
