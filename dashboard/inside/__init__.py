"""Inside a trained network: what to open, feature maps, filters, Grad-CAM."""
