"""Reverse validation (Ganin et al., JMLR 2016, Sec. 5.1.2, after Zhong et al. 2010): a
label-free score of a trained adaptation model, with which to choose hyper-parameters
without target labels. For any method on a classification domain pair:

1. the trained model eta predicts a class for each target training image (no target
   label is read), written to ``<work_dir>/pseudo_labels.json``;
2. a reverse model eta_r is trained with the same config and method on the reversed pair:
   the self-labelled target is the labelled source (``PseudoLabelledDataset``), and the
   source's training part S' (all but ``held_out`` of it, drawn with ``seed``) the
   unlabelled target (:func:`reversed_config`);
3. eta_r is scored on the held-out source S_V with its source labels: the reverse
   validation accuracy; the paper's reverse validation risk is ``1 - accuracy``. The
   setting with the lowest risk is chosen.

eta_r starts from the config's initialisation, or from eta's weights with
``init_from_model`` (the paper reports better accuracies so).

The target images are read through the config's test pipeline (the target's), S_V through
the source's own pipeline (the config has no source test pipeline), as
``tools/predicted_classes.py`` and the digits benchmark read them.

The paper trains eta on S' alone, so that S_V is held out from both models. A checkpoint
trained on the whole source has seen S_V's labels, and its score is optimistic by as much as
eta_r inherits from them through the pseudo-labels; for the paper's protocol, train eta
with the source's ``indices`` restricted to S' (:func:`source_split` gives them). The
paper also stops both trainings early on validation sets; here each trains for its
schedule (``max_iters``).
"""
import copy
import os
import os.path as osp
from typing import List, Optional, Tuple

import numpy as np
from mmengine.config import Config

from segda.datasets import sample_key, write_pseudo_labels
from segda.evaluation.domain_features import domain_loader, labelled_accuracy, predicted_labels
from segda.models.tasks import Classifier
from segda.registry import DATASETS, MODELS
from segda.utils import dataset_subset, without_labels

from .domain_pair import training_domains
from .inference import init_model
from .resume import refuse_fresh_start
from .training import train

PSEUDO_LABELS = 'pseudo_labels.json'

REVERSAL = 'reverse validation (it swaps the two domains)'


def source_split(size: int, held_out: float, seed: int) -> Tuple[List[int], List[int]]:
    """``(S', S_V)``: positions ``0 .. size-1`` of the source split at random (``seed``) into
    a training part and a held-out part of ``round(held_out * size)`` samples, each sorted.

    Raises:
        ValueError: ``held_out`` outside (0, 1), or a part that would be empty.
    """
    if not 0 < held_out < 1:
        raise ValueError(f'reverse validation: held_out must lie in (0, 1), got {held_out!r}.')
    num_held = round(held_out * size)
    if not 0 < num_held < size:
        raise ValueError(f'reverse validation: holding out {held_out:g} of {size} source '
                         f'samples leaves {num_held} held out and {size - num_held} to train '
                         'on; both need at least one.')
    order = np.random.default_rng(seed).permutation(size)
    return sorted(order[num_held:].tolist()), sorted(order[:num_held].tolist())


def check_reversible(cfg) -> None:
    """Refuse, before anything is built, a config without a domain pair to reverse
    (:func:`segda.apis.domain_pair.training_domains`) or whose task predicts no class per
    image: pseudo-labels here are one class per image."""
    training_domains(cfg, REVERSAL)
    task = cfg.model.get('task', cfg.model).get('type')
    task_class = MODELS.get(task) if isinstance(task, str) else task
    if not (isinstance(task_class, type) and issubclass(task_class, Classifier)):
        raise ValueError(f'reverse validation pseudo-labels one class per image: it covers '
                         f'classification tasks, and the config\'s task is {task!r} (per-pixel '
                         'pseudo-labels for segmentation are not implemented).')


def reversed_config(cfg, labels_file: str, source_train: List[int], work_dir: str,
                    max_iters: Optional[int] = None, load_from: Optional[str] = None) -> Config:
    """A copy of ``cfg`` that trains the reverse model (module docstring, step 2): the
    target self-labelled from ``labels_file`` as the labelled source, the source's samples
    at ``source_train`` (S', labels not read) as the unlabelled target; no validation nor
    test loop (the tool scores the model itself); ``max_iters`` (default: the config's);
    starting from the weights of ``load_from`` when given."""
    source, target = training_domains(cfg, REVERSAL)
    reverse = copy.deepcopy(cfg)
    reverse.train_dataloader.dataset = dict(
        cfg.train_dataloader.dataset,
        source=dict(type='PseudoLabelledDataset', dataset=target, labels_file=labels_file),
        target=without_labels(dataset_subset(source, source_train)))
    for loop in ('val', 'test'):
        reverse[f'{loop}_dataloader'] = reverse[f'{loop}_cfg'] = None
        reverse[f'{loop}_evaluator'] = None
    if max_iters is not None:
        reverse.train_cfg.max_iters = max_iters
    reverse.work_dir = work_dir
    reverse.load_from, reverse.resume = load_from, False
    return reverse


def pseudo_label(model, cfg, out_file: str, **about) -> np.ndarray:
    """Label the config's target training images with ``model`` (module docstring, step 1)
    and write them to ``out_file`` with ``about``; returns how many images each class was
    given."""
    _, target = training_domains(cfg, REVERSAL)
    images = without_labels(dict(target, pipeline=cfg.test_dataloader.dataset.pipeline))
    predictions = predicted_labels(model, domain_loader(images))
    write_pseudo_labels(out_file, {sample_key(sample): label for sample, label in predictions},
                        **about)
    classes = DATASETS.build(images).metainfo['classes']
    return np.bincount([label for _, label in predictions], minlength=len(classes))


def reverse_validation(cfg, checkpoint: str, work_dir: str, held_out: float = 0.1,
                       seed: int = 0, max_iters: Optional[int] = None,
                       overwrite: bool = False, device: Optional[str] = None,
                       init_from_model: bool = False) -> dict:
    """The reverse validation score of the model of ``cfg`` trained to ``checkpoint``
    (module docstring), the reverse model trained in ``work_dir``.

    Args:
        cfg: a loaded config (``load_config``) of a method on a classification domain pair.
        checkpoint: the trained model eta.
        work_dir: where the pseudo-labels and the reverse model's run go.
        held_out: the share of the source held out to score the reverse model (0.1 in the
            paper).
        seed: draws the held-out source samples.
        max_iters: the reverse model's iterations (default: the config's).
        overwrite: replace a previous reverse validation in ``work_dir``.
        device: where eta predicts (default: the GPU when there is one).
        init_from_model: start the reverse model from ``checkpoint``'s weights instead of
            the config's initialisation.

    Raises:
        ValueError: the config trains on no domain pair, or its task is not a classifier.
        FileExistsError: ``work_dir`` holds an earlier reverse run and ``overwrite`` is
            False.

    Returns:
        ``reverse_accuracy`` (%) and ``reverse_risk`` (``1 - accuracy``, a fraction) with
        what they were measured on: the sizes of S', S_V and the target, the pseudo-labels'
        class shares, the reverse run's iterations and work dir.
    """
    check_reversible(cfg)
    source, _ = training_domains(cfg, REVERSAL)
    pseudo_file = osp.join(work_dir, PSEUDO_LABELS)
    if not overwrite:
        refuse_fresh_start(work_dir)
        if osp.exists(pseudo_file):
            raise FileExistsError(f'{pseudo_file} exists: pass --overwrite to replace it, or '
                                  'another --work-dir.')
    source_train, source_held = source_split(len(DATASETS.build(without_labels(source))),
                                             held_out, seed)
    model = init_model(cfg, checkpoint, device)
    os.makedirs(work_dir, exist_ok=True)
    counts = pseudo_label(model, cfg, pseudo_file, checkpoint=checkpoint)
    reverse = reversed_config(cfg, pseudo_file, source_train, work_dir, max_iters,
                              checkpoint if init_from_model else None)
    runner = train(reverse, overwrite=overwrite)
    reverse_model = getattr(runner.model, 'module', runner.model).eval()
    held_source = dict(dataset_subset(source, source_held), test_mode=True)
    accuracy = labelled_accuracy(reverse_model, domain_loader(held_source))
    return dict(checkpoint=checkpoint, held_out=held_out, seed=seed,
                source_train=len(source_train), source_held_out=len(source_held),
                target_pseudo_labelled=int(counts.sum()),
                pseudo_label_shares=(counts / counts.sum()).tolist(),
                reverse_max_iters=reverse.train_cfg.max_iters, work_dir=work_dir,
                init_from_model=init_from_model,
                reverse_accuracy=accuracy, reverse_risk=1 - accuracy / 100)
