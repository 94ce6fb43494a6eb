"""argparse types for the command-line tools: a bad value becomes argparse's one-line usage
error naming the option (``error: argument --seed: must be an integer >= 0; got '-1'``),
before anything is imported or written."""
import argparse
import os.path as osp


def int_at_least(low: int):
    """An argparse type: an int >= ``low`` (digits only, so ``-1`` is refused too)."""
    def parse(text: str) -> int:
        if not text.isdigit() or int(text) < low:
            raise argparse.ArgumentTypeError(f'must be an integer >= {low}; got {text!r}')
        return int(text)
    return parse


def output_folder(text: str) -> str:
    """An argparse type: a folder to write into, existing or to be created; refused when it
    names a file or lies under one."""
    path = existing = osp.abspath(text)
    while not osp.lexists(existing):
        existing = osp.dirname(existing)
    if not osp.isdir(existing):
        where = 'is a file' if existing == path else f'lies under the file {existing!r}'
        raise argparse.ArgumentTypeError(f'must be a folder; {text!r} {where}')
    return text


# Figure formats every tool that draws with matplotlib can write (its Agg backend, Pillow).
FIGURE_SUFFIXES = ('.png', '.pdf', '.svg', '.jpg', '.jpeg', '.eps', '.tif', '.tiff')


def output_file(*suffixes: str):
    """An argparse type: the name of a file a tool writes in one of ``suffixes`` (the first
    is the default). A name without a suffix gets the default, as matplotlib's ``savefig``
    would add it, so that the tool checks for an existing file (``--overwrite``) under the
    name it writes; another suffix, or a folder, is refused."""
    def parse(text: str) -> str:
        if text.endswith(('/', osp.sep)) or osp.isdir(text):
            raise argparse.ArgumentTypeError(f'must name a file, not a folder; got {text!r}')
        suffix = osp.splitext(text)[1]
        if not suffix:
            return text + suffixes[0]
        if suffix.lower() not in suffixes:
            raise argparse.ArgumentTypeError(f'must end in {", ".join(suffixes)} (the formats '
                                             f'this tool writes); got {text!r}')
        return text
    return parse


def torch_device(text: str) -> str:
    """An argparse type: a torch device this machine has (``cpu``, ``cuda``, ``cuda:1``)."""
    import torch
    try:
        device = torch.device(text)
    except RuntimeError:
        raise argparse.ArgumentTypeError(
            f'not a device: {text!r} (cpu, cuda, cuda:1, ...)') from None
    if device.type == 'cuda':
        count = torch.cuda.device_count()
        if count == 0:
            raise argparse.ArgumentTypeError(f'{text!r}: no CUDA GPU is visible on this '
                                             'machine; use --device cpu')
        if device.index is not None and device.index >= count:
            raise argparse.ArgumentTypeError(f'{text!r}: this machine has {count} CUDA GPU(s), '
                                             f'cuda:0 to cuda:{count - 1}')
    return text
