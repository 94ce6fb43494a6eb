# DANN on the embedded digits pair (Ganin et al., JMLR 2016, Sec. 5.2.2): the domain
# classifier of DANN's digit experiments, x -> 100 -> 1 (MLPDiscriminator), on G's
# features behind the gradient reversal layer, lambda_p = 2 / (1 + exp(-10 p)) - 1; source and
# target forwarded separately (domain_bn, _base_/methods/dann_digits_demo.py says why).
# Network and data of source_only_digits_demo.py; DANN's own schedule (SGD, momentum 0.9,
# annealed lr, _base_/schedules/digits_demo_dann_sgd.py).
_base_ = [
    '_base_/models/adr_lenet_rgb.py',
    '_base_/datasets/digits_demo.py',
    '_base_/methods/dann_digits_demo.py',
    '_base_/schedules/digits_demo_dann_sgd.py',
    '_base_/digits_demo_runtime.py',
]
model = {{_base_.method}}
