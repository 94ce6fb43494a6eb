# Source only on the embedded pair (make it with `python tools/make_pedestrians.py --out
# data/pedestrians_demo`): the DML descriptor trained on the VIPeR-like network's labels
# alone, tested on the PRID-like network's test people (the lower bound). The paper's
# VIPeR -> PRID pair is Fig. 9f (20,000 iterations, Sec. 5.3.3); here 300 iterations of
# 32 + 32 images at lr 0.01 (_base_/schedules/pedestrians_demo_cpu.py), about a minute
# on one core.
_base_ = [
    '_base_/models/dml.py',
    '_base_/datasets/pedestrians_demo.py',
    '../_base_/methods/source_only.py',
    '_base_/schedules/pedestrians_demo_cpu.py',
]
