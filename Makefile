# The two set-up commands of the README:
#   make demo   install everything, then run the offline end-to-end demo
#   make test   install everything, then run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install chromium engine-jars model clean

demo: install
	$(BIN)/anzuelo engine fetch
	$(BIN)/anzuelo demo

test: install chromium
	$(BIN)/anzuelo engine fetch
	bash scripts/run-tests.sh

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP)

chromium:
	bash scripts/install-chromium.sh

# Rebuild the default model shipped in nlp/models/default from data/ in the repo.
model: install
	$(BIN)/anzuelo train data/labelled/ads-dev-es.jsonl data/labelled/ads-dev-en-pt.jsonl data/extra/*.jsonl --out nlp/models/default --encoders minilm,use --seed 13 --eval data/extra/heldout/messy-test.jsonl

clean:
	rm -rf $(VENV) build *.egg-info
