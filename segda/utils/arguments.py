"""argparse types and actions for the command-line tools: a bad value becomes argparse's
one-line usage error naming the option (``error: argument --seed: must be an integer >= 0;
got '-1'``), before anything is imported or written."""
import argparse
import ast
import os.path as osp

from mmengine.config import DictAction


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


def _dotted_word(node: ast.AST):
    """``'a.b.c'`` for the names ``a.b.c`` (an unquoted ``segda.Resize``), else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted_word(node.value)
        return None if base is None else f'{base}.{node.attr}'
    return None


def _literal(node: ast.AST):
    """The value of one node of a ``--cfg-options`` value: a literal, a list, tuple or dict
    of them, ``dict(key=value, ...)``, or a bare (dotted) word, read as mmengine reads one
    (``true`` -> True, ``None``, else the word). Raises ``ValueError`` on anything else."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)) \
            and isinstance(node.operand, ast.Constant):
        return -node.operand.value if isinstance(node.op, ast.USub) else node.operand.value
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_literal(item) for item in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.Dict) and None not in node.keys:
        return {_literal(key): _literal(value) for key, value in zip(node.keys, node.values)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id == 'dict' and not node.args \
            and all(keyword.arg for keyword in node.keywords):
        return {keyword.arg: _literal(keyword.value) for keyword in node.keywords}
    word = _dotted_word(node)
    if word is not None:
        return DictAction._parse_int_float_bool(word)
    raise ValueError(f'{ast.unparse(node)!r} is neither a literal nor dict(key=value, ...)')


def literal_option(text: str):
    """A ``--cfg-options`` value read as a Python literal with ``dict(...)`` calls, never
    evaluated (``ast``). Raises ``ValueError`` saying what it could not read."""
    try:
        tree = ast.parse(text.strip().strip('\'"'), mode='eval')
    except SyntaxError as error:
        raise ValueError(f'{error.msg} at column {error.offset}') from None
    return _literal(tree.body)


def option_value(text: str):
    """A ``--cfg-options`` value as :class:`ConfigOptionsAction` reads it: mmengine's
    ``DictAction`` parsing (``12000`` an int, ``[1,2]`` a list), or :func:`literal_option`
    for a value holding ``dict(`` or starting with ``{``. Raises ``ValueError``."""
    if 'dict(' not in text and not text.strip().strip('\'"').startswith('{'):
        return DictAction._parse_iterable(text)
    return literal_option(text)


class ConfigOptionsAction(DictAction):
    """``--cfg-options KEY=VALUE ...``: mmengine's ``DictAction``, which reads ``1``,
    ``a,b``, ``[1,(2,3)]`` and bare words, and cannot read dicts: it turns
    ``x.pipeline=[dict(type='Resize', scale=(32, 32))]`` into a list of strings that fail in
    the dataset with a TypeError. A value holding ``dict(`` or starting with ``{`` is read
    here as a Python literal instead (:func:`literal_option`: literals, lists, tuples, dicts,
    ``dict(key=value)``, bare words as strings, since the shell drops unquoted quotes);
    nothing is evaluated. A value that cannot be read, or an option without ``=``, is
    argparse's usage error naming ``--cfg-options``."""

    def __call__(self, parser, namespace, values, option_string=None):
        options = dict(getattr(namespace, self.dest, None) or {})
        for option in values or []:
            key, sep, text = option.partition('=')
            if not sep or not key:
                raise argparse.ArgumentError(self, f'expected KEY=VALUE, got {option!r}')
            options[key] = self._value(option, text)
        setattr(namespace, self.dest, options)

    def _value(self, option: str, text: str):
        try:
            return option_value(text)
        except ValueError as error:
            key = option.partition('=')[0]
            raise argparse.ArgumentError(self, (
                f'cannot read {option!r}: {error}. A value with dict(...) is read as a Python '
                f"literal: quote its strings, e.g. dict(type='Resize', scale=(32, 32)), and "
                f'quote the whole option for the shell: "{key}=[dict(...), ...]"')) from None


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


def positive_float(text: str) -> float:
    """An argparse type: a number > 0 (a learning rate)."""
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not value > 0:
        raise argparse.ArgumentTypeError(f'must be a number > 0; got {text!r}')
    return value
