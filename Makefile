# The two set-up commands of the README:
#   make demo   install everything, then run the offline end-to-end demo
#   make test   install everything, then run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install chromium redis engine-jars model clean

demo: install
	$(BIN)/anzuelo engine fetch
	$(BIN)/anzuelo demo

test: install chromium redis
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

redis:
	bash scripts/install-redis.sh

# Rebuild the default model shipped in nlp/models/default from data/ in the repo plus the real
# corpus in ../shared/data/real (real postings and quoted lures: third-party texts, read in place,
# never copied). The real corpus is trained on and gives the leave-one-source-out numbers and
# the risk thresholds; without it the target stops and says so. No --test-size split: the default is
# judged on the real corpus (leave-one-source-out) and the held-out files (--eval), and compared with
# earlier defaults on the same rows (BENCHMARKS.md, "Scoring speed").
SHARED_REAL ?= ../shared/data/real
model: install
	@test -f $(SHARED_REAL)/postings.jsonl -a -f $(SHARED_REAL)/lures.jsonl || { \
	  echo "make model: real corpus missing: $(SHARED_REAL)/postings.jsonl and $(SHARED_REAL)/lures.jsonl not found." >&2; \
	  echo "  The default model is trained and judged on it (leave-one-source-out CV, thresholds at 2% prevalence)." >&2; \
	  echo "  Put ../shared/data/real beside the repo, or set SHARED_REAL=DIR; a model from the repo's data alone:" >&2; \
	  echo "  .venv/bin/anzuelo train data/labelled/*.jsonl data/extra/*.jsonl --out DIR" >&2; exit 2; }
	$(BIN)/anzuelo train data/labelled/*.jsonl data/extra/*.jsonl --real $(SHARED_REAL) --out nlp/models/default \
	  --encoders minilm,use --seed 13 --test-size 0 --previous nlp/models/default $(foreach f,$(sort $(wildcard data/extra/heldout/*.jsonl)),--eval $(f))

clean:
	rm -rf $(VENV) build *.egg-info
