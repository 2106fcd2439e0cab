"""Data augmentation: steps, pipelines, previews and batched crop/flip."""
