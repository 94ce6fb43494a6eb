"""Runs of an experiment: a config trained per method and seed, each in its own work dir,
its result kept in ``<run dir>/result.json``.

A run trains through ``tools/train.py`` in a subprocess with one CPU thread
(``OMP_NUM_THREADS=1``), its output appended to ``<run dir>/train.log``. A run dir that
holds checkpoints is resumed (a run killed part-way continues); ``rerun`` trains it again
from iteration 0. A run whose ``result.json`` exists is finished: it is kept, not trained
again, unless ``rerun``.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from mmengine.config import Config

from segda.apis import read_config, relocate_data_roots
from segda.utils.arguments import option_value

# The repository whose configs and tools the experiments run (this package sits in it).
REPO = Path(__file__).resolve().parents[2]
RESULT = 'result.json'


def add_run_arguments(parser, methods) -> None:
    """``--methods`` (of ``methods``, all by default), ``--seeds`` (0 1 2) and ``--rerun``,
    as every study that trains a method per seed takes them."""
    parser.add_argument('--methods', nargs='+', default=list(methods), choices=methods)
    parser.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    parser.add_argument('--rerun', action='store_true', help='train again even if a result exists')


def add_variant_arguments(parser) -> None:
    """``--cfg-options`` and ``--tag`` (a variant of the configs, kept apart) and
    ``--no-write``, as every benchmark takes them."""
    parser.add_argument('--cfg-options', nargs='+', default=[], metavar='KEY=VALUE',
                        help='config changes for every run (a variant; name it with --tag)')
    parser.add_argument('--tag', default='', help='name of the variant --cfg-options make')
    parser.add_argument('--no-write', action='store_true', help='print the table only')


def parse_variant_arguments(parser, argv=None):
    """``parser``'s arguments; a usage error when ``--cfg-options`` come without ``--tag``."""
    args = parser.parse_args(argv)
    if args.cfg_options and not args.tag:
        parser.error('--cfg-options makes a variant: name it with --tag (its work dirs and '
                     "results are kept apart from the configs' own runs)")
    return args


def configured(config: str, cfg_options: Iterable[str] = (), old_root: Optional[str] = None,
               new_root: Optional[str] = None) -> Config:
    """``config`` (relative to the repository) with ``cfg_options`` (``key=value``) merged
    in and, given both roots, its data roots moved from ``old_root`` to ``new_root``."""
    cfg = read_config(REPO / config)
    cfg.merge_from_dict(options_dict(cfg_options))
    if old_root is not None and new_root is not None:
        cfg.merge_from_dict(options_dict(relocate_data_roots(cfg, old_root, new_root)))
    return cfg


def options_dict(options: Iterable[str]) -> dict:
    """``key=value`` options as the dict ``Config.merge_from_dict`` takes, each value parsed
    as ``tools/train.py --cfg-options`` parses it (``option_value``: ``12000`` is an int),
    so the runner reads the config its runs train with."""
    pairs = (option.split('=', 1) for option in options)
    return {key: option_value(value) for key, value in pairs}


def run_logged(command: List[str], log_path: Path, what: str) -> float:
    """Run ``command`` in the repository with one CPU thread, its output appended to
    ``log_path``; its wall time in seconds. RuntimeError naming the log when it fails."""
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1',
               NO_ALBUMENTATIONS_UPDATE='1')
    start = time.perf_counter()
    with open(log_path, 'a') as log:
        done = subprocess.run(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise RuntimeError(f'{what} failed (exit {done.returncode}); see {log_path}')
    return time.perf_counter() - start


def train(config: str, run_dir: Path, options: List[str], what: str, iters: int,
          rerun: bool = False) -> float:
    """Train ``config`` into ``run_dir`` for ``iters`` iterations through ``tools/train.py
    --cfg-options options``: resumed from its checkpoints when it has some, from iteration 0
    when ``rerun``. Its wall time in seconds. A run whose ``iter_<iters>.pth`` exists (killed
    after training, before its result was kept) is not trained again: its time is read
    from its files (first log folder to last checkpoint)."""
    run_dir = Path(run_dir)
    finished = run_dir / f'iter_{iters}.pth'
    if finished.is_file() and not rerun:
        started = min(path.stat().st_mtime for path in run_dir.glob('2*_*') if path.is_dir())
        return finished.stat().st_mtime - started
    start_mode = (['--overwrite'] if rerun
                  else ['--resume'] if any(run_dir.glob('iter_*.pth')) else [])
    command = [sys.executable, 'tools/train.py', config, '--work-dir', str(run_dir),
               *start_mode, '--cfg-options', *options]
    return run_logged(command, run_dir / 'train.log', what)


def check_last_step(metrics: dict, iters: int, what: str) -> None:
    """RuntimeError unless the validation ``metrics`` were taken at iteration ``iters``."""
    if metrics.get('step') != iters:
        raise RuntimeError(f'{what}: last evaluation at step {metrics.get("step")}, '
                           f'expected {iters}')


def read_result(run_dir: Path) -> Optional[dict]:
    """The kept result of a finished run, or None."""
    path = Path(run_dir) / RESULT
    return json.loads(path.read_text()) if path.is_file() else None


def write_result(run_dir: Path, result: dict) -> dict:
    """Keep ``result`` in the run dir (the file is rewritten only when it changes); the
    result as a kept one reads (JSON: keys are strings)."""
    path = Path(run_dir) / RESULT
    text = json.dumps(result, indent=1)
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)
    return json.loads(text)


def kept_results(folder: Path, method: str) -> List[dict]:
    """The results of every seed of ``method`` kept in ``folder`` (``<method>_seed<S>``)."""
    return [json.loads(path.read_text())
            for path in sorted(Path(folder).glob(f'{method}_seed*/{RESULT}'))]


def seed_dir(root: Path, method: str, seed: int) -> Path:
    """``<root>/<method>_seed<S>``: where a benchmark keeps a run."""
    return Path(root) / f'{method}_seed{seed}'


def run_all(runs: Iterable[Tuple[str, int]], run_dir_of: Callable[[str, int], Path],
            produce: Callable[[str, int, Path], dict], describe: Callable[[dict], str],
            rerun: bool = False, complete: Optional[Callable[[str, dict, Path], dict]] = None
            ) -> Dict[str, List[dict]]:
    """Every ``(method, seed)`` run, in order: its kept result, else ``produce(method, seed,
    run_dir)``, which trains it (``rerun``: always); ``complete(method, result, run_dir)``
    then adds what a result lacks (e.g. measured after training). Each result is kept in
    its run dir and its line printed (``describe(result)``). Returns ``{method: [result per
    seed]}``, methods in the order met."""
    runs = list(runs)
    results = {}
    for index, (method, seed) in enumerate(runs, 1):
        run_dir = run_dir_of(method, seed)
        result = None if rerun else read_result(run_dir)
        status = 'kept'
        if result is None:
            run_dir.mkdir(parents=True, exist_ok=True)
            result = produce(method, seed, run_dir)
            status = f'{result["seconds"]:.0f} s'
        if complete is not None:
            result = complete(method, result, run_dir)
        result = write_result(run_dir, result)
        results.setdefault(method, []).append(result)
        print(f'[{index}/{len(runs)}] {method} seed {seed}: {describe(result)} ({status})',
              flush=True)
    return results
