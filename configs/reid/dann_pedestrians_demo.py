# DANN on the embedded pair (source_only_pedestrians_demo.py plus the adversarial
# domain classifier): D = x -> 500 -> 1 on G's 9216 features (DANN JMLR 2016 Sec. 5.3.2),
# logistic loss, behind the gradient reversal layer with lambda_p = 2 / (1 + exp(-10 p)) - 1;
# 32 source + 32 target images per iteration, SGD momentum 0.9 at the same fixed rate as
# G and C, gradients clipped as theirs. The paper's VIPeR -> PRID pair is Fig. 9f (20,000
# iterations); here 300.
_base_ = [
    '_base_/models/dml.py',
    '_base_/datasets/pedestrians_demo.py',
    '_base_/methods/dann_reid.py',
    '_base_/schedules/pedestrians_demo_cpu.py',
]
