# DANN on the embedded digits pair (Ganin et al., JMLR 2016, Sec. 5.2.2): the domain
# classifier of DANN's digit experiments, x -> 100 -> 1 (MLPDiscriminator), on G's
# features behind the gradient reversal layer, lambda_p = 2 / (1 + exp(-10 p)) - 1; source and
# target forwarded separately (domain_bn, set below with why).
# Network and data of source_only_digits_demo.py; DANN's own schedule (SGD, momentum 0.9,
# annealed lr, _base_/digits_demo_sgd.py; D learns as C does).
_base_ = [
    '_base_/digits_demo_sgd.py',  # network, DANN's SGD, 3,000 iterations, runtime
    '_base_/datasets/digits_demo.py',
    '_base_/methods/dann_digits.py',
]
# Source and target forwarded separately, each normalised by its own BatchNorm batch: chosen
# without target labels (docs/benchmarks.md, "DANN: joint or separate BatchNorm").
method = dict(domain_bn='separate')
