# Source only: the task trained on labelled source data, no adaptation (the lower bound).
# The builder puts the method block around the task model (segda.apis.read_config).
method = dict(type='SourceOnly')
