"""Build a CNN: the layer editor, the summary table and the diagram."""
