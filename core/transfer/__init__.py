"""Transfer learning: pretrained backbones, new heads, cached features, fine-tuning, inference."""
