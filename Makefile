# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
ADDRESS ?= 127.0.0.1
# host names viewers type to reach the app (DNS-rebinding check); empty = the .streamlit/config.toml list
HOSTS  ?=
DATA   ?= data
SEEDS  := $(wildcard seeds/*)

.PHONY: run test install data clean

run: $(STAMP) $(DATA)/manifest.json
	$(BIN)/streamlit run dashboard/server.py --server.headless true --server.address $(ADDRESS) --server.port $(PORT) \
	  $(foreach h,$(HOSTS),--server.allowedHosts $(h)) -- --data $(DATA)

test: $(STAMP)
	$(BIN)/python -m pytest -q

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# rebuild when missing or older than any seed
$(DATA)/manifest.json: $(STAMP) $(SEEDS) seeds
	$(BIN)/python -m data_pipeline build seeds --out $(DATA) || test $$? -eq 1  # 1: published, some files skipped

data: $(DATA)/manifest.json

# $(DATA) is a symlink to the current build under .$(DATA).builds/ (see data_pipeline/store/publish.py)
clean:
	rm -rf $(VENV) $(DATA) $(dir $(DATA)).$(notdir $(DATA)).builds .pytest_cache test-artifacts
