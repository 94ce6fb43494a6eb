"""Small helpers every layer may use: argument checks, a dataset config without labels or
restricted to some of its samples."""
from .checks import (
                     check_choice,
                     check_positive_int,
                     check_vector_input,
                     check_widths,
                     is_positive_int,
)
from .dataset_subset import dataset_subset
from .unlabelled import without_labels

__all__ = ['check_choice', 'check_positive_int', 'check_vector_input', 'check_widths',
           'dataset_subset', 'is_positive_int', 'without_labels']
