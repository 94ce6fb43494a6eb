"""Small helpers every layer may use: argument checks."""
from .checks import (
                     check_choice,
                     check_positive_int,
                     check_vector_input,
                     check_widths,
                     is_positive_int,
)

__all__ = ['check_choice', 'check_positive_int', 'check_vector_input', 'check_widths',
           'is_positive_int']
