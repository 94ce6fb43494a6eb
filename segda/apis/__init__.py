"""The application layer: what the tools do, as functions (config loading and checks,
training with its resume policy, loading a trained model), above the methods.

``segda.engine`` is the runtime these build on (optimisers, schedules, loops, hooks,
AMP, processes, checkpoint files); nothing below this package decides a tool's policy.
"""
