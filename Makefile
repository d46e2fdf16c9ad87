# The two commands: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export FLASK_APP := app

# `make serve`: the production server (gunicorn, deploy/gunicorn.conf.py) on 127.0.0.1:8000.
# SECRET_KEY and TRUSTED_HOSTS come from the environment when set; otherwise a random key
# kept in instance/serve-secret-key (mode 600) and the local host names are used.
# gunicorn starts one job consumer (`flask worker`, nice 10) beside its web workers, which do
# not consume (deploy/gunicorn.conf.py; GUNICORN_JOBS_WORKER=0 to run the consumer yourself).
SERVE_HOSTS ?= localhost,127.0.0.1

.PHONY: run serve test install db lint bench-import bench-quality bench-search bench-screening bench-load clean

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

serve: db
	@mkdir -p instance
	@test -s instance/serve-secret-key || (umask 077 && $(BIN)/python -c \
		"import secrets; print(secrets.token_hex(32))" > instance/serve-secret-key)
	APP_ENV=production \
	SECRET_KEY="$${SECRET_KEY:-$$(cat instance/serve-secret-key)}" \
	TRUSTED_HOSTS="$${TRUSTED_HOSTS:-$(SERVE_HOSTS)}" \
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py

# The whole suite on every core (pytest-xdist; TEST_WORKERS=0 runs it in one process).
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

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

bench-load: $(STAMP)
	$(BIN)/python benchmarks/load_test.py

clean:
	rm -rf $(VENV) instance .pytest_cache
