# Runtime of the re-ID runs: the shared runtime, and every re-ID split's seed and
# membership written to the work dir (reid_split_<Dataset>_<split>_seed<seed>.json) by
# ReIDSplitRecordHook (segda/datasets/reid/split_record.py; imported here, as the hook
# registry looks in segda.engine, segda.evaluation and segda.visualization only).
_base_ = ['../../_base_/default_runtime.py']
custom_imports = dict(imports=['segda.datasets.reid'], allow_failed_imports=False)
default_hooks = dict(logger=dict(interval=100), checkpoint=dict(interval=5000))
custom_hooks = [dict(type='ReIDSplitRecordHook')]
