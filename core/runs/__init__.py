"""Runs: a training run in its own thread or on a Ray worker, the fair queue of training
slots, the assignment's locks checked when a run starts, and races of several runs. The
loop each one trains with, its settings and its folder are core.training's."""
