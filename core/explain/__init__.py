"""Inside a trained network: feature maps, layer statistics, filters and Grad-CAM."""
