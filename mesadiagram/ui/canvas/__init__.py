"""The canvas: a QGraphicsScene that follows the Document, its items and its view."""
