"""Compare the tables a document prints (or a user types in) with what its prose names.

items.py decides which cells are items, match.py finds an item in the prose, extra.py lists what the prose names
that no table lists, and outputs.py reads and writes an output folder.
"""
from pipeline.compare.outputs import Comparison, add_reference, compare_outputs

__all__ = ["Comparison", "add_reference", "compare_outputs"]
