# DANN on the embedded digits pairs: the MNIST network's domain classifier (dann_digits.py)
# with source and target forwarded separately, each normalised by its own BatchNorm batch
# (domain_bn='separate'). DANN's MNIST network has no BatchNorm; the embedded configs use
# ADR's LeNet, which has. Chosen without target labels (docs/benchmarks.md, "DANN: joint or
# separate BatchNorm"): on the MNIST-M-construction pair, seeds 0 1 2, the domain loss ends
# nearer its chance value (1.18 against 0.74; 2 ln 2 = 1.39) at the same source accuracy.
_base_ = ['dann_digits.py']
method = dict(domain_bn='separate')
