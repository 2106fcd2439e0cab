"""Convolution and pooling one window at a time, and the kernels the pages offer."""
