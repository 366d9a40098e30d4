# Set-up is part of every target: `make run` and `make test` work on a fresh clone.
# Stamps record what is installed, so a second call installs nothing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
OUT ?= outputs
SHARED ?= ../shared
EVAL_OUT ?= outputs/eval

.PHONY: run test bench eval corpus clean browser

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m pipeline run corpus --out $(OUT)

# Debian's chromium for the report's browser test; where it cannot be installed, that test skips with a reason.
browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || \
	  { (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	    || echo "chromium not installed: tests/test_report_browser.py will skip"; }

test: $(VENV)/.installed-test browser
	$(PY) -m pytest -q

bench: $(VENV)/.installed-test
	$(PY) benchmarks/bench.py

# Each gold file <doc_id>.json is scored on the PDF of the same stem found anywhere under $(SHARED)/corpus.
GOLD = $(wildcard $(SHARED)/gold/*.json)
GOLD_PDFS = $(foreach g,$(GOLD),$(firstword $(wildcard $(SHARED)/corpus/*/$(basename $(notdir $(g))).pdf)))

eval: $(VENV)/.installed
	@test -n "$(GOLD)" || { echo "no gold files in $(SHARED)/gold"; exit 1; }
	$(PY) -m pipeline run $(GOLD_PDFS) --out $(EVAL_OUT)
	$(PY) -m pipeline evaluate $(EVAL_OUT) $(GOLD)

corpus: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[corpus]'
	$(PY) corpus/make_corpus.py

clean:
	rm -rf $(OUT)/*.csv $(OUT)/tables $(OUT)/pipeline.duckdb $(OUT)/run.json
