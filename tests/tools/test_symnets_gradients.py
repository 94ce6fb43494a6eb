"""tools/analysis/symnets_gradients.py measures the terms SymNets' G step minimises."""

import pytest
import torch

from helpers.cli import load_tool
from helpers.segmentation_methods import (  # noqa: F401  (progress: a fixture)
    UpdateSpy,
    build,
    optimisers,
    pair,
    progress,
)

tool = load_tool('analysis/symnets_gradients.py')


def test_the_tool_s_terms_add_up_to_g_s_objective(progress):  # noqa: F811
    model = build('SymNets')
    torch.manual_seed(3)
    terms = tool.generator_terms(model, pair())  # lambda_p from the runner progress, p = 0.1
    spy = UpdateSpy(model)
    torch.manual_seed(3)  # the same dropout masks in fc6/fc7
    model.train_step(pair(), optimisers(model))
    torch.testing.assert_close(sum(terms.values()), spy.calls[0].losses['generator'])


@pytest.mark.parametrize('confusion, source_term', [
    ('domain_level', 'Eq. 12 source domain confusion'),
    ('none', 'Eq. 13 source classification')])
def test_the_tool_follows_the_table_4_switches(progress, confusion, source_term):  # noqa: F811
    """The weights come from SymNets itself: an ablation's terms, not Eq. 11's by name."""
    model = build('SymNets', confusion=confusion, entropy_weight=0.5)
    torch.manual_seed(3)
    terms = tool.generator_terms(model, pair())
    assert source_term in terms
    assert ('lambda Eq. 9 domain confusion' in terms) == (confusion != 'none')
    spy = UpdateSpy(model)
    torch.manual_seed(3)
    model.train_step(pair(), optimisers(model))
    torch.testing.assert_close(sum(terms.values()), spy.calls[0].losses['generator'])
