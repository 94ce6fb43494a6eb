# Labelled only (Table 4's first row) on the embedded digits, 100 labels: the critic of
# adr_ssgan_digits_demo.py trained on the labelled images alone (SourceOnly reads the source,
# i.e. labelled, half of each pair), same network, optimiser and length.
_base_ = [
    '_base_/ssgan_digits_demo.py',
    '_base_/datasets/ssgan_digits_demo.py',
    '../_base_/methods/source_only.py',
]
