"""Work that leaves the lab and comes back: `.cnnlab` bundles and ONNX models."""
