"""A classifier retrained on the fixed G of a trained model (Saito et al., ICLR 2018, Sec.
3.3 and 4.2, Table 2 "Ours (retrain classifier)"): after training, G is frozen and a fresh
classifier C' learns on G's source features with the source labels alone,

    min_{C'}  E_{(xs, ys) ~ S}  CE(C'(G(xs)), ys)        G fixed; no target sample read,

then predicts in place of the classifier it replaces (:func:`retrained_part`):

- ADR with C' (``clean_head``): C' is replaced; C keeps predicting (``pred_label``), the
  retrained C' as ``pred_label_clean`` (``accuracy_clean``);
- any other method that predicts with the task's C (SourceOnly, DANN, domain confusion,
  ENT, ADR without C'): C itself (``head``) is replaced, so ``pred_label`` is C''s.

A method that predicts with a classifier or a network of its own (SymNets' Ct, DACS's
teacher) is refused: replacing C would not change its predictions.

G runs in eval mode (BatchNorm with its running statistics, which stay as trained) and each
source batch's features are computed under ``torch.no_grad``: no graph is kept for G and
none of its parameters or buffers changes. C' is a re-initialised copy of the classifier it
replaces (the config's architecture; :func:`fresh_copy`), trained in train mode (its own
dropout and BatchNorm) with the config's optimiser of that part (``optim_wrapper.<part>``,
or the config's one wrapper), at a constant learning rate (``param_scheduler`` is not
applied), for ``iters`` batches of the source of the training pair (the config's batch
size and pipeline, shuffled with ``seed``).
"""
import copy
import io
import os.path as osp
from typing import Optional

import torch
from mmengine.logging import print_log
from mmengine.optim import build_optim_wrapper
from mmengine.runner import Runner
from torch import nn

from segda.engine.checkpoint import atomic_write
from segda.engine.optim import wrapper_configs
from segda.methods import ADR, UDAMethod
from segda.utils import check_positive_int

from .checkpoint_check import load_fitting_weights
from .data_roots import check_output_path
from .domain_pair import training_domains
from .inference import init_model
from .scoring import score_on_test_set

WHAT = 'retraining the classifier on the source features of the fixed G'
CLASSIFIER_NAMES = dict(clean_head="ADR's clean classifier C' (clean_head)",
                        head="the task's classifier C (head)")


def retrained_part(model) -> str:
    """The part of ``model`` (a method) that a retrained classifier replaces: ``'clean_head'``
    for ADR with C', else ``'head'``; ValueError for a model that predicts with another
    classifier or network than the task's C."""
    if not isinstance(model, UDAMethod):
        raise ValueError(f'{WHAT} needs an adaptation method around the task; the config '
                         f'builds {type(model).__name__}.')
    if isinstance(model, ADR) and model.clean_head is not None:
        return 'clean_head'
    own_logits = type(model).predict_logits is not UDAMethod.predict_logits
    if own_logits or model.prediction_classifier() is not None:
        raise ValueError(f'{type(model).__name__} predicts with a classifier or a network of '
                         f'its own, not the task\'s C: {WHAT} covers methods that predict with '
                         'C (SourceOnly, DANN, domain confusion, ADR, ENT).')
    return 'head'


def fresh_copy(module: nn.Module) -> nn.Module:
    """A copy of ``module`` with new weights: every layer's ``reset_parameters`` (PyTorch's
    initialisation, BatchNorm statistics included), then the module's ``init_weights`` when
    it has one (the segmentation decoders' initialisation)."""
    fresh = copy.deepcopy(module)
    for layer in fresh.modules():
        if hasattr(layer, 'reset_parameters'):
            layer.reset_parameters()
    if hasattr(fresh, 'init_weights'):
        fresh.init_weights()
    return fresh


def source_loader(cfg, seed: int):
    """An endless shuffled loader over the source of ``cfg``'s training pair, with the
    training loader's batch size, workers and collate function (the target is not built)."""
    source, _ = training_domains(cfg, WHAT)
    loader = dict(cfg.train_dataloader, dataset=source,
                  sampler=dict(type='InfiniteSampler', shuffle=True, seed=seed))
    return Runner.build_dataloader(loader, seed=seed)


def classifier_optimizer(cfg, part: str, classifier: nn.Module, lr: Optional[float]):
    """The optimiser wrapper of ``classifier``: the config's of ``part`` (or its one wrapper;
    its ``paramwise_cfg`` applies to the classifier's parameters), with learning rate ``lr``
    when given."""
    wrappers = wrapper_configs(cfg.optim_wrapper)
    wrapper = copy.deepcopy(wrappers.get(f'.{part}', wrappers.get('')))
    if wrapper is None:
        raise KeyError(f'{WHAT}: the config has no optimiser for {part} '
                       f'(optim_wrapper.{part}); give it one.')
    if lr is not None:
        wrapper['optimizer']['lr'] = lr
    return build_optim_wrapper(classifier, wrapper)


def classify_with(model, part: str):
    """The callable that maps G's features to the outputs of ``part``."""
    return model.task.classify if part == 'head' else getattr(model, part)


def install(model, part: str, classifier: nn.Module) -> None:
    """Put ``classifier`` in ``model`` in place of ``part``."""
    setattr(model.task if part == 'head' else model, part, classifier)


def batch_accuracy(logits: torch.Tensor, samples: list) -> torch.Tensor:
    """The share of a classification batch whose arg-max class is its label (a tensor on
    the logits' device: read once per progress line, not per step)."""
    labels = torch.stack([torch.as_tensor(sample['gt_label']) for sample in samples])
    return (logits.argmax(1) == labels.to(logits.device)).float().mean()


def train_classifier(model, part: str, loader, optim_wrapper, iters: int,
                     log_interval: int) -> list:
    """``iters`` steps of the source cross entropy on the classifier ``part`` alone, G fixed
    (module docstring); returns ``[dict(iter, loss, accuracy), ...]``, the means over each
    ``log_interval`` (accuracy on the training batches, classification tasks only)."""
    model.eval()
    classifier = model.parts()[part].train()
    classify = classify_with(model, part)
    curve, losses, accuracies = [], [], []
    batches = iter(loader)
    for step in range(1, iters + 1):
        data = model.data_preprocessor(next(batches), True)
        with torch.no_grad():
            feats = model.task.extract(data['inputs'])
        outputs = classify(feats)
        loss, _ = model.task.task_loss(outputs, data['data_samples'])
        optim_wrapper.update_params(loss)
        losses.append(loss.detach())
        if model.task.kind == 'classification':
            accuracies.append(batch_accuracy(outputs.detach(), data['data_samples']))
        if step % log_interval == 0 or step == iters:
            point = dict(iter=step, loss=float(torch.stack(losses).mean()),
                         accuracy=(100 * float(torch.stack(accuracies).mean())
                                   if accuracies else None))
            curve.append(point)
            accuracy = '' if point['accuracy'] is None else \
                f', source batch accuracy {point["accuracy"]:.2f} %'
            print_log(f'retrain {part}: iter {step}/{iters}, source loss {point["loss"]:.4f}'
                      f'{accuracy}', logger='current')
            losses, accuracies = [], []
    classifier.eval()
    return curve


def save_retrained(model, checkpoint: dict, out: str, about: dict) -> None:
    """Write ``model``'s weights to ``out`` (atomically) with the trained checkpoint's meta
    and ``about`` as ``meta['retrained_classifier']``."""
    meta = dict(checkpoint.get('meta') or {}, retrained_classifier=about)
    state = {key: value.detach().cpu() for key, value in model.state_dict().items()}
    buffer = io.BytesIO()
    torch.save(dict(meta=meta, state_dict=state), buffer)
    atomic_write(out, buffer.getvalue())


def retrain_classifier(cfg, checkpoint: str, out: str, iters: int, lr: Optional[float] = None,
                       seed: int = 0, overwrite: bool = False, device: Optional[str] = None,
                       log_interval: int = 100, evaluate: bool = True) -> dict:
    """Retrain the classifier of the model of ``cfg`` trained to ``checkpoint`` on its fixed
    G (module docstring) and save the model with it to ``out``.

    Args:
        cfg: a loaded config (``load_config``) of a method on a domain pair.
        checkpoint: the trained model.
        out: the checkpoint to write; ``tools/test.py CONFIG OUT`` scores it.
        iters: source batches C' is trained on.
        lr: the learning rate (default: the config's of the replaced part).
        seed: draws C''s initialisation, the batch order and its dropout.
        overwrite: replace an existing ``out``.
        device: where to train (default: the GPU when there is one).
        log_interval: iterations per progress line and per point of the curve.
        evaluate: score the model on the config's test set before and after (reporting
            only; skipped when the config has none).

    Raises:
        FileExistsError: ``out`` exists and ``overwrite`` is False.
        ValueError: the config trains on one domain, or its method predicts with another
            classifier than C (:func:`retrained_part`).

    Returns:
        ``part`` (the part replaced), ``classifier`` (its name in words), ``iters``,
        ``lr``, ``seed``, ``source_curve`` (:func:`train_classifier`), ``out`` and, when
        evaluated, the test metrics ``before`` and ``after``.
    """
    check_positive_int('retrain_classifier', 'iters', iters)
    check_positive_int('retrain_classifier', 'log_interval', log_interval)
    check_output_path(out, cfg, 'the retrained checkpoint', overwrite)
    training_domains(cfg, WHAT)
    model = init_model(cfg, None, device)
    trained = load_fitting_weights(model, checkpoint)
    part = retrained_part(model)
    evaluate = evaluate and bool(cfg.get('test_dataloader') and cfg.get('test_evaluator'))
    before = score_on_test_set(model, cfg) if evaluate else None
    torch.manual_seed(seed)
    install(model, part, fresh_copy(model.parts()[part]))
    optim_wrapper = classifier_optimizer(cfg, part, model.parts()[part], lr)
    curve = train_classifier(model, part, source_loader(cfg, seed), optim_wrapper, iters,
                             log_interval)
    used_lr = optim_wrapper.get_lr()['lr'][0]
    about = dict(part=part, from_checkpoint=osp.abspath(checkpoint), iters=iters, lr=used_lr,
                 seed=seed)
    save_retrained(model, trained, out, about)
    result = dict(about, classifier=CLASSIFIER_NAMES[part], source_curve=curve, out=out)
    if evaluate:
        result.update(before=before, after=score_on_test_set(model, cfg))
    return result
