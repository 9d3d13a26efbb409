# resnet-viz: `make run` sets up and serves the app, `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Chinese labels in the diagrams dot draws (and in the test browser's screenshots).
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc

.PHONY: run test check lint types golden setup setup-dev system-dot system-browser system-nginx \
	serve-replicas bench clean

run: setup
	@# Without dot the app still runs; it says so where it would render a picture.
	-@scripts/need-debian-package dot graphviz
	-@scripts/need-debian-package $(CJK_FONT) fonts-wqy-microhei
	$(PY) -m resnet_viz.serving.launcher --server.port $(PORT)

# Everything: lint, types, the page tests once with the background warm-up running beside them
# (as `streamlit run app.py` has it), then every test (browser, training, large comparisons).
PAGE_TESTS := tests/test_app.py tests/test_inference_page.py tests/test_lab_page.py \
	tests/test_compare_page.py
test: setup-dev system-dot system-browser system-nginx lint types
	$(PY) -m pytest -q --warm-up -m "not slow and not e2e" $(PAGE_TESTS)
	$(PY) -m pytest

# The loop before a commit (about six minutes on two cores): lint, types, and the tests not
# marked slow or e2e.
check: setup-dev system-dot lint types
	$(PY) -m pytest -q -m "not slow and not e2e"

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

types: setup-dev
	$(VENV)/bin/mypy

# Rewrite tests/golden/ from the current output; review the diff before committing it.
golden: setup-dev
	$(PY) -m pytest -q tests/test_golden.py --update-golden

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# System programs come from Debian; install them when we are root, else say how.
system-dot:
	@scripts/need-debian-package dot graphviz
	@scripts/need-debian-package $(CJK_FONT) fonts-wqy-microhei

# nginx for the replicas (and their test); /usr/sbin is not on every user's PATH.
system-nginx:
	@scripts/need-debian-package /usr/sbin/nginx nginx

# N replicas of the app behind nginx, each visitor kept on one by a cookie (deploy/README.md).
REPLICAS ?= 2
serve-replicas: setup system-nginx
	-@scripts/need-debian-package dot graphviz
	-@scripts/need-debian-package $(CJK_FONT) fonts-wqy-microhei
	$(PY) -m deploy.serve_replicas --replicas $(REPLICAS) --port $(PORT)

system-browser:
	@scripts/need-debian-package chromium chromium
	@scripts/need-debian-package /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core

bench: setup-dev
	$(PY) bench/build_time.py
	$(PY) bench/page_speed.py
	$(PY) bench/predict_speed.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
