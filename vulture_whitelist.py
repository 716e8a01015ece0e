"""Names vulture can't see used, each with the reason it stays (``vulture mtqa vulture_whitelist.py``)."""

# The public Python API (mtqa/__init__.py), used by callers outside this repository.
check_text  # unused function
check_files  # unused function

# Typer commands: registered by their decorators, called by the command line.
config_command  # unused function
explain  # unused function
verify_models  # unused function
prefetch  # unused function
cache_clear  # unused function

# Read by inspect and Typer to build the option groups' signature.
__signature__  # unused attribute
__annotations__  # unused attribute

# Read by the HTML report's Jinja templates.
heat  # unused property
title  # unused property
has_findings  # unused property
band  # unused variable
chart  # unused variable

# The cache's effectiveness as the cache tests measure it.
misses  # unused attribute

# Set for transformers and expat, which read them.
hf_quantizer  # unused attribute
buffer_text  # unused attribute
seed  # unused attribute (langdetect's DetectorFactory)

# What the LM read for a segment, kept on the record for benchmarks/extract_features.py.
score_text  # unused variable

# A generated class's module, read by reprs and pickling.
__module__  # unused attribute

# --format choices: OutputFormat members are looked up by value (OutputFormat("sarif")).
SARIF  # unused variable
JUNIT  # unused variable
GITHUB  # unused variable
MARKDOWN  # unused variable
