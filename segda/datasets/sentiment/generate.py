"""A generated pair of review-like bags of words in the Amazon reviews format
(``reviews.py``): two domains, ``gadgets`` and ``cookware``, that share the sentiment words
but differ in product vocabulary, so that a classifier trained on one domain's labels
transfers to the other only in part (docs/datasets.md).

Each review of label y (1 positive, 0 negative) has ``20 + Poisson(25)`` tokens, each drawn
independently as

- a shared sentiment word (probability ``shared_rate``), of polarity y with probability
  ``fidelity``, else of the other polarity;
- a sentiment word of the review's own domain (``domain_rate``; same polarity rule), e.g.
  "sturdy" for cookware, "crisp" for gadgets: the words a source-only classifier never
  learns for the target;
- a product word of the domain (``product_rate``), or else a neutral shared word.

Seeded by ``seed``; files as ``<out>/<domain>/{positive,negative,unlabeled}.review`` with
``num_labelled`` reviews per label and ``num_unlabelled`` reviews of random labels.
"""
import os
import os.path as osp
from collections import Counter
from typing import Dict, List

import numpy as np

from .reviews import LABELLED_FILES, UNLABELLED_FILE

SHARED_POSITIVE = ('great', 'excellent', 'love', 'perfect', 'happy', 'recommend', 'best',
                   'highly_recommend', 'works_great', 'five_stars', 'wonderful', 'pleased')
SHARED_NEGATIVE = ('poor', 'terrible', 'waste', 'disappointed', 'broke', 'return', 'worst',
                   'not_worth', 'waste_money', 'one_star', 'awful', 'refund')
NEUTRAL = ('the', 'a', 'it', 'and', 'this', 'i', 'for', 'with', 'was', 'have', 'one', 'my',
           'bought', 'use', 'amazon', 'product', 'price', 'after', 'time', 'month', 'box',
           'order', 'received', 'it_is', 'i_have', 'this_one', 'got', 'use_it', 'week', 'day')
DOMAINS = {
    'gadgets': dict(
        products=('battery', 'charger', 'cable', 'screen', 'headphones', 'speaker',
                  'remote', 'adapter', 'usb', 'bluetooth', 'volume', 'signal', 'sound',
                  'player', 'mouse', 'keyboard', 'memory_card', 'power_cord'),
        positive=('crisp', 'long_battery', 'clear_sound', 'fast_charging', 'responsive',
                  'plug_and', 'bright'),
        negative=('static', 'overheats', 'dead_pixel', 'drops_signal', 'died', 'crackling',
                  'wont_charge')),
    'cookware': dict(
        products=('pan', 'pot', 'skillet', 'lid', 'handle', 'knife', 'blender', 'kettle',
                  'toaster', 'oven', 'dishwasher', 'stove', 'coffee', 'cup', 'blade',
                  'nonstick', 'cast_iron', 'cutting_board'),
        positive=('sturdy', 'heats_evenly', 'easy_clean', 'sharp', 'dishwasher_safe',
                  'well_made', 'cooks_evenly'),
        negative=('rusted', 'warped', 'sticks', 'chipped', 'leaks', 'flimsy',
                  'peeling_coating')),
}


def review_bag(rng: np.random.Generator, domain: str, label: int, shared_rate: float,
               domain_rate: float, product_rate: float, fidelity: float) -> Dict[str, int]:
    """One review's ``feature -> count`` (module docstring)."""
    words = DOMAINS[domain]
    bag: Counter = Counter()
    for _ in range(20 + rng.poisson(25)):
        draw = rng.random()
        polarity = label if rng.random() < fidelity else 1 - label
        if draw < shared_rate:
            pool = SHARED_POSITIVE if polarity else SHARED_NEGATIVE
        elif draw < shared_rate + domain_rate:
            pool = words['positive'] if polarity else words['negative']
        elif draw < shared_rate + domain_rate + product_rate:
            pool = words['products']
        else:
            pool = NEUTRAL
        bag[pool[rng.integers(len(pool))]] += 1
    return dict(bag)


def format_review(bag: Dict[str, int], label: int) -> str:
    """``feature:count ... #label#:positive|negative`` (the real format)."""
    pairs = ' '.join(f'{feature}:{count}' for feature, count in bag.items())
    return f'{pairs} #label#:{"positive" if label else "negative"}'


def generate_reviews(out: str, seed: int = 0, num_labelled: int = 500, num_unlabelled: int = 1000,
                     shared_rate: float = 0.03, domain_rate: float = 0.08,
                     product_rate: float = 0.35, fidelity: float = 0.8) -> List[str]:
    """Write both domains under ``out`` (module docstring); returns the written files."""
    rng = np.random.default_rng(seed)
    rates = dict(shared_rate=shared_rate, domain_rate=domain_rate, product_rate=product_rate,
                 fidelity=fidelity)
    written = []
    for domain in DOMAINS:
        folder = osp.join(out, domain)
        os.makedirs(folder, exist_ok=True)
        files = [(name, [label] * num_labelled) for name, label in LABELLED_FILES]
        files.append((UNLABELLED_FILE, rng.integers(0, 2, num_unlabelled).tolist()))
        for name, labels in files:
            path = osp.join(folder, name)
            with open(path, 'w', encoding='utf-8') as handle:
                for label in labels:
                    handle.write(format_review(review_bag(rng, domain, label, **rates), label)
                                 + '\n')
            written.append(path)
    return written
