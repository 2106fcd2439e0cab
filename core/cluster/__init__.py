"""Training on a Ray cluster (optional): where the cluster is, connecting to it, and a Python
object kept on one of its workers.

Nothing here imports Ray until a cluster is configured (`CNNLAB_RAY_ADDRESS`); without one
the lab trains in its own threads, as it always has. Ray is an optional extra
(`requirements-ray.txt`). This package knows nothing about training: `core.training` says
what runs on the worker (`core.runs.remote_worker`) and reads what comes back
(`core.runs.remote_run`).
"""
