"""Small helpers every layer may use: argument checks, a dataset config without labels."""
from .checks import (
                     check_choice,
                     check_positive_int,
                     check_vector_input,
                     check_widths,
                     is_positive_int,
)
from .unlabelled import without_labels

__all__ = ['check_choice', 'check_positive_int', 'check_vector_input', 'check_widths',
           'is_positive_int', 'without_labels']
