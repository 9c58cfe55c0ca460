# Two commands do everything: `make run` and `make test`. Both install into .venv first.
# `make lock` refreshes requirements.lock after a change to pyproject.toml's dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
LOCK_VENV := .venv-lock
PIP := pip==26.3
PIP_TOOLS := pip-tools==7.6.2
export HF_HUB_OFFLINE := 1

.PHONY: install lock run test ingest browser clean

install: $(STAMP)

# Exactly the versions in the lock and nothing else (--no-deps; `pip check` then proves they fit together),
# torch among them as the CPU build 2.13.0+cpu. citebrief itself goes on top, editable, built with the
# locked setuptools.
$(STAMP): pyproject.toml $(LOCK)
	@echo "citebrief: installing into $(VENV) the exact versions in $(LOCK) (a few minutes, once)..."
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet $(PIP)
	$(BIN)/pip install --quiet --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

# Resolve pyproject.toml's dependencies and the test extra into exact versions. Pins already in the lock are
# kept and new dependencies added; `make lock UPGRADE=1` moves every package to the newest allowed release.
# torch==2.13.0 resolves to the CPU wheel on disk; a lock holding CUDA packages (nvidia-*, triton) is refused.
lock:
	test -d $(LOCK_VENV) || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet $(PIP) $(PIP_TOOLS)
	$(LOCK_VENV)/bin/pip-compile --quiet --extra test --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links $(if $(UPGRADE),--upgrade) --output-file $(LOCK) pyproject.toml
	@! grep -E '^(nvidia|triton)' $(LOCK) || { echo "$(LOCK) holds CUDA packages: torch must be the CPU build"; exit 1; }

ingest: install
	$(BIN)/citebrief ingest

# The page on http://localhost:$(PORT); corpus/ is read into the library first when it is not in it.
PORT ?= 8501
run: install
	@echo "citebrief: installed in $(VENV)."
	@$(BIN)/citebrief ui --port $(PORT)

# Chromium (Debian) drives the browser test; Playwright's own browser download does not work offline.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium to run the browser test"; fi; }

# `browser` first: the suite includes a real-browser test of the chat page (run it alone: pytest -m browser).
test: install browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(LOCK_VENV) .citebrief
