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


def open_fraction(text: str) -> float:
    """An argparse type: a number strictly between 0 and 1 (a share of a dataset)."""
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 < value < 1:
        raise argparse.ArgumentTypeError(f'must be a number between 0 and 1 (exclusive); '
                                         f'got {text!r}')
    return value
