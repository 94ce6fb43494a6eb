# Source only on the embedded digits pair (printed digits -> handwriting over photos, no
# download: tools/make_digits.py --out data/digits_demo): ADR's LeNet (BN, dropout in C)
# trained on the labelled source, evaluated on the target's test split. The lower bound of
# the *_digits_demo.py configs. Protocol (all of them): Adam lr 2e-4, 32 + 32 images per
# batch, 3,000 iterations (a few minutes on one CPU core), last checkpoint (docs/benchmarks.md,
# "Digits").
_base_ = [
    '_base_/digits_demo_adam.py',  # network, ADR's Adam, 3,000 iterations, runtime
    '_base_/datasets/digits_demo.py',
    '../_base_/methods/source_only.py',
]
