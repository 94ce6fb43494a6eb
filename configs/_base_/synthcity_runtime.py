# Logging and checkpoints for the short SynthCity runs.
_base_ = ['./default_runtime.py']
default_hooks = dict(logger=dict(interval=20), checkpoint=dict(interval=500))
