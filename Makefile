# Two commands do everything: `make run` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1

.PHONY: install run test ingest browser clean

install: $(STAMP)

# The CPU torch wheel first: left to the resolver, torch comes as a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

ingest: install
	$(BIN)/citebrief ingest

run: install
	$(BIN)/citebrief ui

# Chromium (Debian) drives the browser test; Playwright's own browser download does not work offline.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium to run the browser test"; fi; }

# `browser` first: the suite includes a real-browser test of the chat page (run it alone: pytest -m browser).
test: install browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .citebrief
