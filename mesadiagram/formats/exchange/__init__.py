"""Exchange formats: outlines, Graphviz, Mermaid, GraphML, draw.io and TikZ, in and out."""
