# Runtime shared by every config: registry scope, hooks, logging, environment.
default_scope = 'segda'
env_cfg = dict(
    cudnn_benchmark=True,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    # backend: NCCL on CUDA, gloo on the CPU (segda/engine/dist.py); backend=... forces one.
    dist_cfg=dict(),
)
# Distributed runs (tools/dist_train.sh): averaged gradients for every method's update
# steps, rank 0's buffers broadcast after each iteration (segda/engine/dist.py).
model_wrapper_cfg = dict(type='segda.UDADistributedWrapper')
sync_bn = None  # 'torch': BatchNorm -> SyncBatchNorm in distributed runs (CUDA only)
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # CheckpointHook with atomic writes (segda/engine/atomic_checkpoint.py): a killed run
    # never leaves a truncated iter_N.pth or last_checkpoint.
    checkpoint=dict(type='AtomicCheckpointHook', by_epoch=False, interval=4000,
                    max_keep_ckpts=3),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    # RNG states (Python, numpy, torch) saved in checkpoints and restored on resume.
    rng_state=dict(type='RNGStateHook'),
    # A loss term or weight that is NaN/inf or beyond its bound stops the run, before a
    # checkpoint of it is written (engine/divergence.py; no extra host sync).
    divergence=dict(type='DivergenceHook', max_loss=1e8, max_weight=1e8),
    # Stops before the first iteration when the model's K differs from a dataset's classes.
    label_space=dict(type='LabelSpaceCheckHook'),
)
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(type='Visualizer', vis_backends=vis_backends, name='visualizer')
log_processor = dict(by_epoch=False)
log_level = 'INFO'
load_from = None
resume = False
# Each rank seeds with seed + rank: different dropout masks and augmentations per rank.
randomness = dict(seed=0, diff_rank_seed=True)
