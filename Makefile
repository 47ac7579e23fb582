# Two commands matter: `make run` (install, then start the partnership locally) and `make test`.
# Nothing is assumed but Python 3.11+, git and make: uv is installed into .tools/ on first use,
# and it installs every dependency, pinned by uv.lock, into .venv/.

PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never

.PHONY: install run demo test faults lint bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml shared/contracts/pyproject.toml shared/partner/pyproject.toml cli/pyproject.toml \
		services/pup/pyproject.toml services/ops/pyproject.toml services/ngo/pyproject.toml \
		services/reporting/pyproject.toml
	$(UV) sync --frozen --all-packages --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

run: install
	$(VENV)/bin/partnership up

demo: install
	$(VENV)/bin/partnership demo

test: install
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# The whole fault suite at full scale (real processes, broker, SQLite and PostgreSQL); its figures
# are in docs/reliability.md. `make test` runs its quick tests only.
faults: install
	PARTNERSHIP_FAULTS=full $(VENV)/bin/python -m pytest -p no:cacheprovider -s -v tests/faults $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: install
	$(VENV)/bin/python -m benchmarks

clean:
	rm -rf $(VENV) $(TOOLS)
