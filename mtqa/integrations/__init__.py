"""Optional bridges to data tools; each lives behind its own extra and is never imported by ``mtqa``.

- ``mtqa.integrations.ray`` (``pip install 'mtqa[ray]'``): score a Ray Dataset of bilingual rows
  with one model per actor.
"""
