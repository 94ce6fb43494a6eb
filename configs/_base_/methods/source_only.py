# Source only: the task trained on labelled source data, no adaptation (the lower bound).
# A leaf config puts the method around its model with `model = {{_base_.method}}`.
method = dict(type='SourceOnly')
