"""Load ImageNet (or any local) weights into a module, offline.

``pretrained`` is a local file or ``'torchvision://<model>'`` (e.g. ``torchvision://resnet50``),
which means torchvision's ``IMAGENET1K_V1`` weights for that model, read from the torch hub
cache (``torch.hub.get_dir()/checkpoints/<torchvision's file name>``). Nothing is ever
downloaded: compute nodes are often offline, so a missing file fails at once with a
message saying how to get it.

A backbone names the ``family`` its weights come from: ``'resnet'`` (torchvision's ImageNet
weights; their classifier ``fc.*`` is dropped) or ``'mit'`` (SegFormer's ImageNet MiT
checkpoints ``mit_b0.pth`` .. ``mit_b5.pth``; their classifier ``head.*`` is dropped).
"""
import logging
import os.path as osp

import torch
import torchvision
from mmengine.logging import print_log
from torch import nn

TORCHVISION_PREFIX = 'torchvision://'
TORCHVISION_WEIGHTS = 'IMAGENET1K_V1'
STRIPPED_PREFIXES = ('module.', 'backbone.')
# Per family: the prefix of its ImageNet classifier, which the backbone does not have.
DROPPED_PREFIXES = dict(resnet=('fc.',), mit=('head.',))
MIT_SOURCES = (
    '  MiT ImageNet-1k weights (mit_b0.pth .. mit_b5.pth) are published with SegFormer '
    '(https://github.com/NVlabs/SegFormer, README, "ImageNet-1K pretrained weights"); '
    "DAFormer's README (https://github.com/lhoyer/DAFormer) puts mit_b5.pth under "
    'pretrained/.',
    '  On a machine with internet download the file, then copy it to {path} here (a '
    'relative path starts at the directory you run from).')
SCRATCH_LINES = ['  To train from scratch instead, add',
                 '    --cfg-options model.task.backbone.pretrained=None']


def torchvision_checkpoint_path(model_name: str) -> str:
    """Where torchvision keeps ``model_name``'s ImageNet weights in the torch hub cache."""
    try:
        weights = torchvision.models.get_model_weights(model_name)[TORCHVISION_WEIGHTS]
    except (ValueError, KeyError) as error:
        raise ValueError(f'{TORCHVISION_PREFIX}{model_name}: torchvision has no '
                         f'{TORCHVISION_WEIGHTS} weights for {model_name!r} ({error}).') from None
    return osp.join(torch.hub.get_dir(), 'checkpoints', osp.basename(weights.url))


def check_family(family: str) -> str:
    """``family`` when SegDA knows where its weights come from, else a ValueError."""
    if family not in DROPPED_PREFIXES:
        raise ValueError(f'pretrained weights: family must be one of {sorted(DROPPED_PREFIXES)}, '
                         f'got {family!r}.')
    return family


def resolve_pretrained(pretrained: str, family: str = 'resnet') -> str:
    """The local file that ``pretrained`` names; FileNotFoundError with a remedy (where
    ``family``'s weights come from) if absent."""
    check_family(family)
    if pretrained.startswith(TORCHVISION_PREFIX):
        path = torchvision_checkpoint_path(pretrained[len(TORCHVISION_PREFIX):])
    else:
        path = osp.expanduser(pretrained)
    if not osp.isfile(path):
        raise FileNotFoundError(missing_weights_message(pretrained, path, family))
    return path


def missing_weights_message(pretrained: str, path: str, family: str = 'resnet') -> str:
    """Where the weights were looked for, how to fetch them elsewhere, how to do without."""
    lines = [f'pretrained weights {pretrained!r} not found: no file at {path} '
             '(SegDA never downloads).']
    if check_family(family) == 'mit':
        return '\n'.join(lines + [line.format(path=path) for line in MIT_SOURCES]
                         + SCRATCH_LINES)
    if pretrained.startswith(TORCHVISION_PREFIX):
        model_name = pretrained[len(TORCHVISION_PREFIX):]
    else:
        model_name = 'resnet50'
        path = torchvision_checkpoint_path(model_name)
        lines.append(f"  Check the path, or use pretrained='{TORCHVISION_PREFIX}{model_name}' "
                     "(torchvision's ImageNet weights, read from the torch hub cache).")
    lines += [
        '  To fill the torch hub cache, on a machine with internet run',
        f'    python -c "import torchvision; torchvision.models.{model_name}'
        f"(weights='{TORCHVISION_WEIGHTS}')\"",
        f'  then copy ~/.cache/torch/hub/checkpoints/{osp.basename(path)} from that machine to '
        f'{path} here (the cache follows $TORCH_HOME).']
    return '\n'.join(lines + SCRATCH_LINES)


def read_state_dict(path: str, family: str = 'resnet') -> dict:
    """Tensors of a checkpoint file: a raw state dict or one under ``'state_dict'``, with
    ``module.``/``backbone.`` prefixes stripped and ``family``'s ImageNet classifier
    (``fc.*``, ``head.*``) dropped."""
    dropped = DROPPED_PREFIXES[check_family(family)]
    checkpoint = torch.load(path, map_location='cpu', weights_only=True)
    if isinstance(checkpoint, dict) and isinstance(checkpoint.get('state_dict'), dict):
        checkpoint = checkpoint['state_dict']
    if not isinstance(checkpoint, dict):
        raise ValueError(f'{path}: expected a state dict (or a dict with "state_dict"), got '
                         f'{type(checkpoint).__name__}.')
    state_dict = {}
    for key, value in checkpoint.items():
        for prefix in STRIPPED_PREFIXES:
            key = key[len(prefix):] if key.startswith(prefix) else key
        if not key.startswith(dropped):
            state_dict[key] = value
    return state_dict


def load_pretrained(module: nn.Module, pretrained: str, family: str = 'resnet') -> None:
    """Load ``pretrained`` (a file or ``'torchvision://<model>'``) into ``module``, non-strictly.

    ``family`` (``'resnet'`` or ``'mit'``) says which ImageNet classifier the file carries
    (dropped) and, when the file is missing, where to get it. Missing and unexpected keys
    are logged; a file sharing no key with ``module`` is an error.
    """
    path = resolve_pretrained(pretrained, family)
    state_dict = read_state_dict(path, family)
    result = module.load_state_dict(state_dict, strict=False)
    loaded = len(state_dict) - len(result.unexpected_keys)
    if loaded == 0:
        raise ValueError(f'{path}: none of its {len(state_dict)} tensors matches a parameter of '
                         f'{type(module).__name__} (its keys look like '
                         f'{sorted(state_dict)[:3]}); is it the right model?')
    print_log(f'loaded {loaded} tensors of {type(module).__name__} from {path}', logger='current')
    if result.missing_keys:
        print_log(f'{path}: missing keys (left at their initial values): {result.missing_keys}',
                  logger='current', level=logging.WARNING)
    if result.unexpected_keys:
        print_log(f'{path}: unexpected keys (ignored): {result.unexpected_keys}',
                  logger='current', level=logging.WARNING)
