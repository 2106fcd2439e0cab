"""CNN Lab's engine: pure Python and PyTorch, usable from scripts and `python -m core`.

Never imports streamlit. torch is imported lazily by the modules that need it, so that
shape inference and summaries stay fast to load.
"""
