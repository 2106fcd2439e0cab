"""The Convolution and Pooling pages: stepper, grids and their figures."""
