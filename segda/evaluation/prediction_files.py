"""Write predictions as label files in the dataset's own ids, for official evaluators.

A model predicts train ids ``0..K-1``; a dataset whose label files store raw ids declares
``metainfo['label_map']`` (raw id -> train id). The files written here go back to raw ids
through the inverse table,

    raw[k] = min { r : label_map[r] = k }     (the smallest raw id of train id k),

so for Cityscapes (label ids 7, 8, 11, ... -> train ids 0, 1, 2, ...) they hold Cityscapes
label ids, the format cityscapesScripts' ``evalPixelLevelSemanticLabeling`` and the
benchmark server read. A dataset without a ``label_map`` (its files hold train ids) gets
train ids. One ``<image stem>.png`` per image (Cityscapes:
``<city>_<seq>_<frame>_leftImg8bit.png``), single channel uint8, at the label's size (the
image file's size when there is no label).
"""
from pathlib import Path
from typing import Mapping, Optional, Sequence

import cv2
import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from segda.registry import METRICS


def raw_id_table(metainfo: Mapping) -> np.ndarray:
    """The uint8 lookup ``table[train id] = raw id`` of the module docstring (identity for
    the train ids without a raw id, and for a dataset without a ``label_map``)."""
    table = np.arange(256, dtype=np.uint8)
    claimed = set()
    for raw, train_id in sorted((int(r), int(k)) for r, k in
                                (metainfo.get('label_map') or {}).items()):
        if train_id < len(metainfo.get('classes', ())) and train_id not in claimed:
            table[train_id] = raw
            claimed.add(train_id)
    return table


@METRICS.register_module()
class PredictionFiles(BaseMetric):
    """Write ``<out_dir>/<image stem>.png`` per test image in raw label ids (module
    docstring); reports no number (it goes beside ``IoUMetric``, or alone for a split
    without labels: ``tools/test.py --out DIR [--format-only]``).

    Args:
        out_dir: the folder of the files; created if missing.
        overwrite: replace files that were in ``out_dir`` before the run; without it such
            a file stops the run (``FileExistsError``).
        collect_device: as in mmengine's ``BaseMetric``.
    """

    def __init__(self, out_dir: str, overwrite: bool = False, collect_device: str = 'cpu'):
        super().__init__(collect_device=collect_device)
        self.out_dir = Path(out_dir)
        self.overwrite = overwrite
        # Only files that were there before are refused: another rank's of this run are not.
        self._before = (frozenset(path.name for path in self.out_dir.iterdir())
                        if self.out_dir.is_dir() else frozenset())
        self._table: Optional[np.ndarray] = None

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Write the file of each output (``img_path`` and ``pred_seg``)."""
        if self._table is None:
            self._table = raw_id_table(self.dataset_meta or {})
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for sample in data_samples:
            for key in ('img_path', 'pred_seg'):
                if key not in sample:
                    raise KeyError(f'PredictionFiles: a test output has no `{key}`; the model '
                                   'must return the sample fields with its prediction.')
            path = self.out_dir / f'{Path(sample["img_path"]).stem}.png'
            if path.name in self._before and not self.overwrite:
                raise FileExistsError(f'PredictionFiles: {path} exists; pass --overwrite '
                                      '(tools/test.py) to replace it, or another --out.')
            pred = sample['pred_seg'].detach().cpu().numpy().astype(np.uint8)
            if not cv2.imwrite(str(path), self._table[pred]):
                raise OSError(f'PredictionFiles: could not write {path}.')
            self.results.append(1)

    def compute_metrics(self, results: list) -> dict:
        """Log how many files went where; no metric."""
        print_log(f'PredictionFiles: wrote {len(results)} prediction file(s) in the dataset\'s '
                  f'label ids to {self.out_dir.resolve()}', logger='current')
        return {}
