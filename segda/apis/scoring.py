"""The config's test metrics of a model outside a Runner: ``test_dataloader`` read in order,
``model.test_step`` per batch, ``test_evaluator``'s metrics (what ``tools/test.py`` prints)."""
import torch
from mmengine.evaluator import Evaluator
from mmengine.registry import init_default_scope
from mmengine.runner import Runner


@torch.no_grad()
def score_on_test_set(model, cfg) -> dict:
    """``cfg.test_evaluator``'s metrics of ``model`` (in eval mode) on ``cfg.test_dataloader``;
    ValueError naming the keys when the config has no test set."""
    if not cfg.get('test_dataloader') or not cfg.get('test_evaluator'):
        raise ValueError('score_on_test_set: the config has no test_dataloader or test_evaluator; '
                         'give both (the target test split and its metric).')
    init_default_scope(cfg.get('default_scope', 'segda'))
    loader = Runner.build_dataloader(cfg.test_dataloader)
    evaluator = Evaluator(cfg.test_evaluator)
    evaluator.dataset_meta = loader.dataset.metainfo
    was_training = model.training
    model.eval()
    for batch in loader:
        evaluator.process(data_samples=model.test_step(batch), data_batch=batch)
    model.train(was_training)
    return evaluator.evaluate(len(loader.dataset))
