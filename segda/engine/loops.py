"""An iteration-based training loop that resumes where it stopped, cheaply and exactly.

mmengine's ``IterBasedTrainLoop`` resumes at iteration ``i`` by loading and discarding
``i`` batches (every skipped image decoded and augmented: at GTA5 scale, a resume at
iteration 20000 decodes 20000 batches). :class:`ResumableIterBasedTrainLoop` instead
restarts the sampler at this rank's ``i * batch_size``-th index, which only generates the
skipped indices, and then draws exactly the batches the uninterrupted run draws.

It also keeps validation out of the training random streams: a validation run creates a
dataloader iterator (a torch draw) and may run transforms that draw from numpy, so the
training after iteration ``k`` would otherwise depend on whether the run validated at
``k``; a checkpoint saved at ``k`` (before validation) could then not be continued exactly.
"""
import contextlib
import itertools
import logging

from mmengine.dataset import InfiniteSampler
from mmengine.logging import print_log
from mmengine.runner import IterBasedTrainLoop
from mmengine.runner.loops import _InfiniteDataloaderIterator
from torch.utils.data import BatchSampler

from segda.registry import LOOPS

from .rng_state import global_rng_state, set_global_rng_state


@contextlib.contextmanager
def untouched_rng():
    """Run a block without changing the global RNG states (Python, numpy, torch)."""
    state = global_rng_state()
    try:
        yield
    finally:
        set_global_rng_state(state)


def start_sampler_at(sampler, position: int) -> bool:
    """Restart an infinite ``sampler`` at this rank's ``position``-th index.

    Handles samplers with ``start_at`` (``DomainPairSampler``) and mmengine's
    ``InfiniteSampler``; returns False for any other sampler.
    """
    if hasattr(sampler, 'start_at'):
        sampler.start_at(position)
        return True
    if isinstance(sampler, InfiniteSampler):
        sampler.indices = itertools.islice(sampler._indices_of_rank(), position, None)
        return True
    return False


@LOOPS.register_module()
class ResumableIterBasedTrainLoop(IterBasedTrainLoop):
    """``IterBasedTrainLoop`` with a cheap, exact resume and validation that leaves the
    training RNG states untouched. Same arguments as mmengine's loop.

    The resume skip needs a plain ``BatchSampler`` over a sampler that
    :func:`start_sampler_at` can restart; otherwise it falls back to mmengine's
    load-and-discard skip (with a warning).
    """

    def run(self):
        self.runner.call_hook('before_train')
        self.runner.call_hook('before_train_epoch')
        if self._iter > 0:
            self._skip_trained_batches()
        while self._iter < self._max_iters and not self.stop_training:
            self.runner.model.train()
            self.run_iter(next(self.dataloader_iterator))
            self._decide_current_val_interval()
            if (self.runner.val_loop is not None and self._iter >= self.val_begin
                    and (self._iter % self.val_interval == 0 or self._iter == self._max_iters)):
                with untouched_rng():
                    self.runner.val_loop.run()
        self.runner.call_hook('after_train_epoch')
        self.runner.call_hook('after_train')
        return self.runner.model

    def _skip_trained_batches(self) -> None:
        """Position the data stream after the ``self._iter`` batches already trained on.

        The iterator is rebuilt (its workers may have prefetched from the old position);
        building it draws a torch seed, which the uninterrupted run does not do here.
        """
        batch_sampler = self.dataloader.batch_sampler
        with untouched_rng():
            position = self._iter * getattr(batch_sampler, 'batch_size', 0)
            if type(batch_sampler) is BatchSampler and start_sampler_at(batch_sampler.sampler,
                                                                        position):
                self.dataloader_iterator = _InfiniteDataloaderIterator(self.dataloader)
                print_log(f'Resuming at iteration {self._iter}: the sampler restarts at '
                          f'index {position} of this rank (no batch is loaded to skip).',
                          logger='current')
                return
        print_log(f'ResumableIterBasedTrainLoop: cannot restart '
                  f'{type(self.dataloader.sampler).__name__} at an offset; loading and '
                  f'discarding {self._iter} batches instead.', logger='current',
                  level=logging.WARNING)
        for _ in range(self._iter):
            next(self.dataloader_iterator)
