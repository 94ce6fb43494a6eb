"""Recomposing the configs changed no resolved config except where said below.

``tests/configs/snapshots/`` holds every runnable config's resolved dict, flattened, written
by ``tests/helpers/config_snapshot.py`` before the configs were recomposed from dataset + model +
method + schedule bases. Each config must resolve to the same values, key for key, except
the differences listed here with their reason.
"""
import ast
import fnmatch
import json
import os.path as osp
from pathlib import Path

import pytest

from segda.apis.config import load_config, read_config
from segda.models.discriminators import PixelDiscriminator

from helpers.config_snapshot import CONFIGS, resolved, runnable_configs, snapshot_path

EVERY_CONFIG = {
    'method.*': 'the method block, a key of its own until read_config merges it into model',
    'num_classes': 'segmentation: the label space, stated by the model bases; '
                   'classification: a variable of the digit loaders read by nothing (the '
                   'digit models state K = 10)',
    'batch_size': 'a variable of the per-task loader bases, read by nothing: the one '
                  'domain-pair loader base and the dataset files state their loaders\' sizes',
    'model.task.decoder.num_classes': 'the task fills the decoder K in from its own',
    'val_evaluator.num_classes': 'IoUMetric reads K from the dataset metainfo',
    'test_evaluator.num_classes': 'IoUMetric reads K from the dataset metainfo',
    'default_hooks.label_space.type': 'LabelSpaceCheckHook, new: stops a K/dataset mismatch',
    'default_hooks.divergence.*': 'DivergenceHook, new: stops on a NaN loss, or on a loss or '
                                  'weight beyond its bound',
}
PER_CONFIG = {
    'adr_fcn_synthcity.py': {'model.sensitivity_weight': "ADR's default 1.0, now stated"},
    'ent_fcn_synthcity.py': {
        'model.clean_head': "ADR's default None, now stated (ENT inherits ADR's block)",
        'model.discrepancy': "ADR's default 'symkl', unused by ENT",
        'model.sensitivity_weight': "ADR's default 1.0, now stated"},
    'dann_fcn_gta5.py': {'model.discriminator.channels.*': 'the default C / 4 widths: 512, 512'},
    'dann_fcn_synthcity.py': {'model.discriminator.channels.*': 'the default C / 4: 128, 128'},
    'symnets_fcn_gta5.py': {
        'model.num_classes': 'SymNets takes K from the task',
        'model.task.num_classes': 'the narrow split: the task keeps K = 19, the method adds Ct'},
    'symnets_fcn_synthcity.py': {
        'model.num_classes': 'SymNets takes K from the task',
        'model.task.num_classes': 'the narrow split: the task keeps K = 19, the method adds Ct'},
}
# DAFormer's GTA5 pipeline as its code has it (uda_gta_to_cityscapes_512x512.py): no rescale,
# and no colour augmentation in the pipeline (DAFormer's is its method's strong transform).
for _config in ('adr_deeplabv2_gta5.py', 'dann_deeplabv2_gta5.py',
                'source_only_deeplabv2_gta5.py'):
    for _key in ('train_pipeline.*', 'train_dataloader.dataset.pipeline.*',
                 'train_dataloader.dataset.source.pipeline.*'):
        PER_CONFIG.setdefault(_config, {})[_key] = (
            "DAFormer's GTA5 pipeline as its code: no rescale, no photometric distortion")
# _base_/schedules/parts_sgd.py and synthcity_parts_cpu.py: the adaptation configs score every
# validation without target labels (LabelFreeScoreHook: target_entropy, target_im, target_snd).
LABEL_FREE_CONFIGS = [
    'adr_deeplabv2_gta5.py', 'adr_deeplabv2_synthcity.py', 'adr_fcn_gta5.py',
    'adr_fcn_synthcity.py', 'dann_deeplabv2_gta5.py', 'dann_fcn_gta5.py', 'dann_fcn_synthcity.py',
    'ent_fcn_gta5.py', 'ent_fcn_synthcity.py', 'symnets_fcn_gta5.py', 'symnets_fcn_synthcity.py']
for _config in LABEL_FREE_CONFIGS:
    PER_CONFIG.setdefault(_config, {})['custom_hooks.*'] = (
        'LabelFreeScoreHook, new: label-free scores at each validation')


def allowed(config, key):
    patterns = {**EVERY_CONFIG, **PER_CONFIG.get(config, {})}
    return any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns)


@pytest.mark.parametrize('config', runnable_configs())
def test_the_resolved_config_is_unchanged_but_for_the_listed_differences(config):
    with open(snapshot_path(config), encoding='utf-8') as file:
        before = json.load(file)
    after = resolved(config)
    changed = sorted(key for key in set(before) | set(after)
                     if before.get(key, '<absent>') != after.get(key, '<absent>'))
    unexplained = [(key, before.get(key, '<absent>'), after.get(key, '<absent>'))
                   for key in changed if not allowed(config, key)]
    assert not unexplained, unexplained


def test_every_snapshot_is_a_runnable_config():
    """A deleted or renamed config fails here instead of going unchecked."""
    snapshots = {Path(snapshot_path(config)).name for config in runnable_configs()}
    assert snapshots == {path.name for path in Path(snapshot_path('x.py')).parent.glob('*.json')}


def test_the_default_discriminator_widths_are_the_ones_the_configs_stated():
    def widths(discriminator):
        return [layer.out_channels for layer in discriminator.layers[::2]][:-1]
    assert widths(PixelDiscriminator(2048)) == [512, 512]  # ResNet-50's layer4
    assert widths(PixelDiscriminator(512)) == [128, 128]   # ResNet-18's layer4


def test_a_method_argument_is_set_under_method_in_a_leaf_or_an_option(tmp_path):
    """The method block stays its own key until the config is read; a leaf or an option sets
    a method argument there (``method.<arg>``), or on the model (``model.<arg>``)."""
    leaf = tmp_path / 'adr_l1_synthcity.py'
    leaf.write_text(f"_base_ = [{osp.join(CONFIGS, 'adr_fcn_synthcity.py')!r}]\n"
                    "method = dict(discrepancy='l1')\n")
    assert read_config(str(leaf)).model.discrepancy == 'l1'
    cfg = load_config(osp.join(CONFIGS, 'adr_fcn_synthcity.py'),
                      {'method.generator_steps': 2, 'model.sensitivity_weight': 0.5})
    assert (cfg.model.type, cfg.model.generator_steps, cfg.model.sensitivity_weight) == (
        'ADR', 2, 0.5)
    assert cfg.model.task.type == 'Segmentor' and 'method' not in cfg


def test_a_method_part_learns_as_the_method_base_says_unless_the_config_gives_it_an_optimiser(
        tmp_path):
    """``method_parts`` of a method base: DANN's D and ADR's C' (when set) get a copy of the
    head's optimiser wrapper; a leaf's own wrapper for the part is kept."""
    dann = read_config(osp.join(CONFIGS, 'dann_fcn_synthcity.py'))
    assert dann.optim_wrapper.discriminator == dann.optim_wrapper.head
    assert 'method_parts' not in dann
    assert 'clean_head' not in read_config(osp.join(CONFIGS, 'adr_fcn_synthcity.py')).optim_wrapper
    adr = load_config(osp.join(CONFIGS, 'adr_fcn_synthcity.py'), {'method.clean_head': True})
    assert adr.model.clean_head and adr.optim_wrapper.clean_head == adr.optim_wrapper.head
    leaf = tmp_path / 'dann_adam_d.py'
    leaf.write_text(f"_base_ = [{osp.join(CONFIGS, 'dann_fcn_synthcity.py')!r}]\n"
                    "optim_wrapper = dict(discriminator=dict(type='OptimWrapper', "
                    "optimizer=dict(type='Adam', lr=1e-4)))\n")
    assert read_config(str(leaf)).optim_wrapper.discriminator.optimizer.type == 'Adam'


def base_files(path: str) -> list:
    """``path`` and every file its ``_base_`` lists name, recursively: what a reader opens."""
    files = [osp.normpath(path)]
    for node in ast.parse(Path(path).read_text(encoding='utf-8')).body:
        if isinstance(node, ast.Assign) and any(
                getattr(target, 'id', None) == '_base_' for target in node.targets):
            bases = ast.literal_eval(node.value)
            for base in [bases] if isinstance(bases, str) else bases:
                files += [f for f in base_files(osp.join(osp.dirname(path), base))
                          if f not in files]
    return files


# The most a runnable config reads, as DAFormer's leaves: e.g. adr_fcn_gta5.py, its model, its
# pair and gta5.py under it, its method, its schedule and the default runtime the schedule
# inherits.
MAX_FILES = 7


@pytest.mark.parametrize('config', runnable_configs())
def test_a_config_reads_in_few_files(config):
    files = base_files(osp.join(CONFIGS, config))
    assert len(files) <= MAX_FILES, [osp.relpath(f, CONFIGS) for f in files]
