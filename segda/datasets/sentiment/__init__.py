"""The Amazon reviews sentiment data (DANN Sec. 5.1.3; numpy / scipy only) and a generated
pair in its format."""
from .generate import generate_reviews
from .reviews import (
    DOMAINS,
    NUM_FEATURES,
    DomainMatrices,
    ReviewFormatError,
    Reviews,
    found_domains,
    load_amazon_reviews,
    parse_review_line,
    read_domain,
    read_review_file,
    to_matrix,
    vocabulary,
)

__all__ = ['DOMAINS', 'NUM_FEATURES', 'DomainMatrices', 'ReviewFormatError', 'Reviews',
           'found_domains', 'generate_reviews', 'load_amazon_reviews', 'parse_review_line',
           'read_domain', 'read_review_file', 'to_matrix', 'vocabulary']
