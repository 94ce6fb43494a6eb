"""Experiments, an application of the library: studies that train configs per method and
seed and report their figures as a section of a markdown file (docs/benchmarks.md).

The runner, in small modules:

- ``runs``: train a config per method and seed through ``tools/train.py`` (one CPU thread
  per run), relocated data roots, a killed run resumed from its checkpoints, a finished
  run's ``result.json`` kept;
- ``metrics``: what a run logged (validation metrics, training scalars) from mmengine's
  ``scalars.json``;
- ``aggregate``: mean and standard deviation over seeds;
- ``report``: a marked section of a markdown file, replaced or appended.

The studies, each a short spec over it (and a thin tool): ``synthcity_methods``
(``tools/benchmark_methods.py``), ``digits`` (``tools/benchmark_digits.py``), ``reid``
(``tools/benchmark_reid.py``), ``selection`` (``tools/analysis/selection_study.py``; its benchmarks
``selection_synthcity`` and ``selection_digits``, ``selection_spec`` what they share),
``reproduction`` (``tools/reproduction_table.py``) and ``method_variants``
(``tools/analysis/method_variants.py``). Timing iterations is ``segda.timing``'s.
"""
