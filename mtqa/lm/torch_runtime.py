"""torch, imported once the process is set up for it: the one place mtqa sets its environment.

oneDNN caches a bf16 matrix-multiply primitive for every input shape it meets (up to 1,024),
and batches of text come in many shapes. With the head's buffers reused, a 1,000-segment check
peaked at 1.53 GB with that cache and 1.30 GB without it (BENCHMARKS.md); the corrections,
which once paid for rebuilding primitives per word, now run in two calls per batch. The
variable must be set before torch first uses oneDNN; a user's own setting wins. Every module
of mtqa that needs torch imports it from here.
"""

from __future__ import annotations

import os

os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "0")

import torch

__all__ = ["torch"]
