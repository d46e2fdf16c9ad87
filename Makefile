# The two commands: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export FLASK_APP := app

.PHONY: run test install db lint bench-import bench-quality bench-search bench-screening clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Create or upgrade the database, seed it when it has no designations yet, and rebuild
# the search index when an upgrade changed the matcher's keys.
db: $(STAMP)
	$(BIN)/flask db upgrade
	$(BIN)/flask seed --if-empty
	$(BIN)/flask reindex --if-stale

run: db
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks config.py

bench-import: $(STAMP)
	$(BIN)/python benchmarks/import_speed.py

bench-quality: $(STAMP)
	$(BIN)/python benchmarks/matching_quality.py
	$(BIN)/python benchmarks/search_quality.py

bench-search: $(STAMP)
	$(BIN)/python benchmarks/search_speed.py

bench-screening: $(STAMP)
	$(BIN)/python benchmarks/screening_speed.py

clean:
	rm -rf $(VENV) instance .pytest_cache
