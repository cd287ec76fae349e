# The two commands a new user needs: `make serve` and `make test`.
# Both create .venv on first use and install what they need into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8866
# `make serve CLASS_SIZE=30` keeps a preheated kernel ready for each learner of a class.
CLASS_SIZE ?=
PIP    := $(BIN)/python -m pip --quiet --quiet

.PHONY: serve test lint bench clean

$(BIN)/python:
	@echo "Creating $(VENV) with $(PYTHON) ..."
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	@echo "Installing the course toolkit into $(VENV) (the first time takes a minute) ..."
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "Installing the toolkit and its test tools into $(VENV) (the first time takes a minute) ..."
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.installed-run

serve: $(VENV)/.installed-run
	$(BIN)/caserate-course serve --host $(HOST) --port $(PORT) \
		$(if $(CLASS_SIZE),--class-size $(CLASS_SIZE))

lint: $(VENV)/.installed-test
	$(BIN)/ruff check caserate_kit tests benchmarks deploy etc
	$(BIN)/ruff format --check caserate_kit tests benchmarks deploy etc
	$(BIN)/mypy
	# The question banks, item-quality warnings counted as problems.
	$(BIN)/caserate-course validate --strict

test: lint
	bash scripts/postgres.sh
	bash scripts/chromium.sh
	bash scripts/pdftools.sh
	bash scripts/ralph.sh
	# One run for the tests, the lessons and the pages under nbval (strict: each lesson's
	# stored outputs are compared; the pages' cells are tagged nbval-ignore-output, since what
	# they show depends on the request); three workers, since the browser tests spend much of
	# their time waiting. The slowest modules (a JupyterHub, then the browsers) are handed out
	# first, so that none of them starts last and runs on alone.
	$(BIN)/pytest -n 3 --dist loadscope --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		--ignore-glob='tests/**/*.ipynb' tests/deploy tests/browser tests/course tests/test_*.py \
		caserate_kit README.md lessons notebooks

bench: $(VENV)/.installed-test
	bash scripts/postgres.sh
	# The records under a room's worth of writers at once: 30 processes, 10 attempts each
	# (make test runs the same soak with 8 and 4).
	CASERATE_SOAK_PROCESSES=30 CASERATE_SOAK_ATTEMPTS=10 $(BIN)/pytest -q -p no:cacheprovider \
		tests/course/records/test_concurrency.py
	# One visitor's flood at full size (make test floods with 68 loads and 20 websockets),
	# and the fuzz tests with four times make test's examples.
	bash scripts/chromium.sh
	CASERATE_FLOOD_LOADS=200 CASERATE_FLOOD_SOCKETS=50 $(BIN)/pytest -q -p no:cacheprovider \
		tests/browser/test_security.py -k flooding
	CASERATE_FUZZ_SCALE=2 $(BIN)/pytest -q -p no:cacheprovider \
		tests/course/quiz/test_loader_fuzz.py tests/course/test_fuzz_numbers.py
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .venv-lrs .pytest_cache .mypy_cache .ruff_cache .hypothesis
