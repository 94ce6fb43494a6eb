# ADR's semi-supervised GAN (Saito et al., ICLR 2018, Sec. 4.3) on the embedded digits, 100
# labels (10 per class): the CPU stand-in for Table 4's SVHN 1000 labels. Critic and schedule
# of _base_/ssgan_digits_demo.py; G a small SalimansGenerator (z 100 -> 7 x 7 x 32 -> 14 x 14
# x 16 -> 28 x 28 x 3, tanh). Compare with labelled_only_ssgan_digits_demo.py.
_base_ = [
    '_base_/ssgan_digits_demo.py',
    '_base_/datasets/ssgan_digits_demo.py',
    '../_base_/methods/adr_ssgan.py',
]
method = dict(image_generator=dict(type='SalimansGenerator', noise_dim=100, widths=(32, 16),
                                   base_size=7, out_channels=3))
