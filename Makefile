# SegDA: every target creates the virtual environment when it is missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export NO_ALBUMENTATIONS_UPDATE := 1

# The *_synthcity.py configs read data/synthcity (configs/_base_/datasets/synthcity.py).
DEMO_DATA := data/synthcity
DEMO_WORK := work_dirs/demo

.PHONY: venv demo lint test test-fast bench clean-demo bench-reid bench-digits bench-repro

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Style (ruff, pyproject.toml) and the layering contract (import-linter, pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: lint
	$(PY) -m pytest -q

# The development loop: every test but the end-to-end runs marked slow (subprocesses, ranks).
test-fast: lint
	$(PY) -m pytest -q -m "not slow"

# The demo's own work dir is started over on every `make demo` (--overwrite): it holds
# nothing but the demo's outputs.
demo: $(STAMP)
	$(PY) tools/make_synthcity.py --out $(DEMO_DATA) --num-source 160 --num-target 160 --num-val 40 --seed 0 --skip-existing
	$(PY) tools/train.py configs/source_only_fcn_synthcity.py --work-dir $(DEMO_WORK) \
		--overwrite --cfg-options train_cfg.max_iters=300
	$(PY) tools/test.py configs/source_only_fcn_synthcity.py $(DEMO_WORK)/iter_300.pth \
		--work-dir $(DEMO_WORK) --show-dir $(DEMO_WORK)/predictions --overwrite

# SynthCity (docs/benchmarks.md, methods section): every method, seeds 0 1 2, one CPU thread
# per run; finished runs are kept (work_dirs/benchmark_methods), add --rerun to train again.
bench: $(STAMP)
	$(PY) tools/benchmark_methods.py

clean-demo:
	rm -rf $(DEMO_WORK)  # data/synthcity stays: it may hold a larger set made by hand

# Classification on the embedded digits pairs (docs/benchmarks.md, digits sections): source
# only and the oracle under each paper's schedule, DANN, ADR (C and C'), ENT and SymNets,
# seeds 0 1 2, one CPU thread per run, last checkpoints; PAD before and after DANN. The
# MNIST-M-construction pair first, then printed -> handwriting. Writes the pairs when
# missing; finished runs are kept (work_dirs/benchmark_digits), add --rerun to train again.
bench-digits: $(STAMP)
	$(PY) tools/benchmark_digits.py --pair mnistm
	$(PY) tools/benchmark_digits.py --pair handwriting

# Re-ID on the embedded pedestrians pair (docs/benchmarks.md, re-ID section): source only,
# DANN and the oracle, seeds 0 1 2, one run after the other on one core each; then the
# CMC curves (mean and range over the seeds) as docs/images/reid_cmc_pedestrians.png.
# Finished runs are kept (work_dirs/reid_bench), add --rerun to train again.
REID_DATA := data/pedestrians_demo

bench-reid: $(STAMP)
	$(PY) tools/make_pedestrians.py --out $(REID_DATA) --overwrite
	$(PY) tools/benchmark_reid.py

# The reproduction table (docs/benchmarks.md, README): each paper experiment with an embedded
# analogue, the paper's source only / method / oracle and gap closed beside SegDA's on the
# analogue. Trains what is missing (finished runs are kept), then writes the table.
bench-repro: $(STAMP)
	$(PY) tools/benchmark_digits.py --pair mnistm
	$(MAKE) bench-reid
	$(PY) tools/reproduction_table.py
