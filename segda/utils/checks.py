"""Argument checks that raise a ValueError naming the owner and the argument."""
from typing import Sequence


def is_positive_int(value) -> bool:
    """True for an int > 0 (a bool is not an int here)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def check_positive_int(owner, name, value):
    """Return ``value`` if it is a positive int, else raise a ValueError naming ``owner.name``."""
    if not is_positive_int(value):
        raise ValueError(f'{owner}: {name} must be a positive int, got {value!r}')
    return value


def check_widths(owner, name, widths, allow_empty=True):
    """Return ``widths`` as a tuple of positive ints, else raise a ValueError naming it."""
    widths = (widths,) if isinstance(widths, int) else tuple(widths)
    if (not widths and not allow_empty) or not all(is_positive_int(w) for w in widths):
        need = 'a sequence' if allow_empty else 'a non-empty sequence'
        raise ValueError(f'{owner}: {name} must be {need} of positive ints, got {widths!r}')
    return widths


def check_vector_input(owner, x, in_features):
    """Raise a ValueError naming ``owner`` unless ``x`` is an ``N x in_features`` tensor."""
    if x.dim() != 2 or x.shape[1] != in_features:
        raise ValueError(f'{owner} expects N x {in_features} inputs, got shape {tuple(x.shape)}')


def check_choice(name: str, value, choices: Sequence) -> None:
    """Raise ValueError when ``value`` is not one of ``choices``."""
    if value not in choices:
        raise ValueError(f'{name} must be one of {list(choices)}, got {value!r}.')
