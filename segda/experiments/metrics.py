"""What a run logged: mmengine's scalar logs (``<run dir>/<timestamp>/vis_data/scalars.json``,
one JSON entry per line), training iterations and validations alike. A validation entry is
one that holds the validation metric (``mIoU``, ``accuracy``, ``rank1``)."""
import json
import statistics
from pathlib import Path
from typing import Dict, Sequence

# Entries of a training iteration that are not training scalars.
NOT_SCALARS = ('step', 'time', 'data_time', 'eta', 'iter')


def scalar_entries(run_dir: Path) -> list:
    """Every entry of the run's scalar logs, oldest log first."""
    return [json.loads(line) for log in sorted(Path(run_dir).glob('*/vis_data/scalars.json'))
            for line in log.read_text().splitlines()]


def validations(run_dir: Path, metric: str) -> Dict[int, dict]:
    """``{iteration: validation entry}`` (the last one of each iteration), by iteration."""
    entries = {entry['step']: entry for entry in scalar_entries(run_dir) if metric in entry}
    return dict(sorted(entries.items()))


def last_val_metrics(run_dir: Path, metric: str = 'mIoU') -> dict:
    """The last validation entry (the last one holding ``metric``) of the run."""
    entries = [entry for entry in scalar_entries(run_dir) if metric in entry]
    if not entries:
        raise RuntimeError(f'no validation metrics in {run_dir}/*/vis_data/scalars.json: '
                           'the run did not evaluate at its last iteration')
    return entries[-1]


def metric_curve(run_dir: Path, metric: str) -> Dict[int, float]:
    """``{iteration: metric}`` of every validation of the run."""
    return {entry['step']: entry[metric] for entry in scalar_entries(run_dir)
            if metric in entry}


def mean_scalars(entries: Sequence[dict], keep=lambda key: True) -> dict:
    """Each training scalar of ``entries`` that ``keep`` accepts, averaged over the entries
    holding it (learning rates and timings left out), by name."""
    keys = {key for entry in entries for key in entry
            if key not in NOT_SCALARS and not key.endswith('.lr') and keep(key)}
    return {key: statistics.mean(entry[key] for entry in entries if key in entry)
            for key in sorted(keys)}


def final_train_scalars(run_dir: Path, metric: str, last: int = 5) -> dict:
    """Each training scalar averaged over the ``last`` logged training iterations (the
    entries without the validation ``metric``): label-free, where the losses ended."""
    entries = [entry for entry in scalar_entries(run_dir) if metric not in entry][-last:]
    return mean_scalars(entries)


def training_curve(run_dir: Path, metric: str, prefixes: Sequence[str],
                   last: int = 5) -> Dict[int, dict]:
    """``{iteration: {scalar: mean}}`` at every validation (an entry with ``metric``): each
    training scalar named with one of ``prefixes``, averaged over the ``last`` logged
    iterations up to it (label-free: whether the losses flatten by the end)."""
    entries = scalar_entries(run_dir)
    curve = {}
    for val_step in [entry['step'] for entry in entries if metric in entry]:
        window = [entry for entry in entries
                  if metric not in entry and entry['step'] <= val_step][-last:]
        curve[val_step] = mean_scalars(window, lambda key: key.startswith(tuple(prefixes)))
    return curve
