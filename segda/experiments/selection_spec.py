"""What the label-free selection study (``selection``) needs of a benchmark, and what the
runs of every benchmark share: a checkpoint and a validation every ``interval``
iterations, ``LabelFreeScoreHook`` with MixVal's probes on, and, for a config without the
hook, a leaf config written into the run dir that adds it."""
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Tuple

# the hook's settings for the study: MixVal's probes on (one more forward per image)
HOOK_OPTIONS = dict(mixval=True)
LEAF = 'study_config.py'


def no_scores(method: str, run_dir: Path, steps: List[int]) -> Dict[int, dict]:
    """A benchmark that measures nothing after training."""
    return {}


@dataclass(frozen=True)
class Benchmark:
    """A benchmark of the selection study.

    Args:
        section, title: the marked section of the report and its heading.
        labels: the methods the study may run, each with its name in the table.
        metric: the validation metric the scores are ranked against (``mIoU``, ``accuracy``).
        evaluated_on: what the metric is measured on, for the table's header.
        prepare: makes the data when missing.
        train: ``train(method, run_dir)`` trains the method's checkpoint series.
        after_training: ``after_training(method, run_dir, steps)``: ``{step: {score: value}}``
            measured on the finished run's checkpoints (reverse validation), cached by it.
        extra_scores: the columns ``after_training`` adds, ``{key: (name, greater is
            better)}``.
        extra_note: what the table's header says about them.
    """
    section: str
    title: str
    labels: Dict[str, str]
    metric: str
    evaluated_on: str
    prepare: Callable[[], None]
    train: Callable[[str, Path], None]
    after_training: Callable[[str, Path, List[int]], Dict[int, dict]] = no_scores
    extra_scores: Dict[str, Tuple[str, bool]] = field(default_factory=dict)
    extra_note: str = ''


def hook_leaf(config: Path, hook: dict, run_dir: Path) -> str:
    """A leaf config in ``run_dir`` that is ``config`` with ``custom_hooks = [hook]``."""
    leaf = Path(run_dir) / LEAF
    leaf.write_text(f"_base_ = [{str(config)!r}]\n"
                    f"custom_hooks = [{hook!r}]\n")
    return str(leaf)


def schedule_options(args) -> List[str]:
    """``--cfg-options`` of a study run: ``args.seed``, ``args.iters`` iterations, a
    validation and a checkpoint (all kept) every ``args.interval``, the hook's options."""
    return [f'randomness.seed={args.seed}', f'train_cfg.max_iters={args.iters}',
            f'train_cfg.val_interval={args.interval}',
            f'default_hooks.checkpoint.interval={args.interval}',
            'default_hooks.checkpoint.max_keep_ckpts=-1',
            *(f'custom_hooks.0.{key}={value}' for key, value in HOOK_OPTIONS.items())]
