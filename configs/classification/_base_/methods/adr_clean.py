# ADR with the clean classifier C' (Saito et al., ICLR 2018, appendix D): a dropout-free copy
# of C trained on the source features, evaluated alongside C (AccuracyMetric's "C'" column).
_base_ = ['../../../_base_/methods/adr.py']
method = dict(clean_head=True)
