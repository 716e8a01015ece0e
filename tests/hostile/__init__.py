"""The hostile-input corpus: generated, never checked in (see ``generate.py``)."""
