"""Which SymNets term drives G: the gradient norm of each of G's terms on G's parameters.

    python tools/analysis/symnets_gradients.py CONFIG CHECKPOINT [--batches 8]
        [--cfg-options ...]

G (the backbone and, under the narrow split, the head's hidden layers) minimises

    F^st_category (Eq. 8) + lambda_p (F^st_domain (Eq. 9) + w M^st (Eq. 10))

(or the terms of the Table 4 ablation the config's switches name)
and the classifiers Cs, Ct minimise Eq. 5 + 6 + 7. On ``--batches`` training batches of
the config (labelled source, target images unlabelled: no target label is read) this
prints, per term, its mean value and the mean L2 norm of its gradient on G's parameters
(the weighted terms as they enter G's objective), and the cosine between the terms'
gradients: which term dominates G's update, and whether the terms pull together.
"""
import argparse
import os
from itertools import islice

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

import torch
from mmengine.logging import MessageHub
from mmengine.runner import Runner

from segda.apis import check_data_roots, init_model, load_config, run_main
from segda.engine.checkpoint import load_local_checkpoint
from segda.engine.schedules import adaptation_weight
from segda.utils.arguments import ConfigOptionsAction


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config', help='a SymNets config')
    parser.add_argument('checkpoint', help='its checkpoint (progress p is read from it)')
    parser.add_argument('--batches', type=int, default=8, help='training batches to average')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction,
                        help='override config keys')
    return parser.parse_args()


# How each of G's terms is shown: its equation and weight in G's objective (Eq. 11, Table 4).
TERM_NAMES = dict(category_confusion='Eq. 8 category confusion',
                  source_domain_confusion='Eq. 12 source domain confusion',
                  source_classification='Eq. 13 source classification',
                  domain_confusion='lambda Eq. 9 domain confusion',
                  target_entropy='lambda w Eq. 10 target entropy')


def generator_terms(model, data):
    """G's terms on one training batch, each weighted as it enters G's objective
    (``SymNets.weighted_generator_terms``, the switches of Table 4 included), by shown name."""
    source, target = model.preprocess_pair(data)
    _, _, terms = model.objectives(source, target)
    return {TERM_NAMES[name]: term
            for name, term in model.weighted_generator_terms(terms).items()}


def mean(values):
    return sum(values) / len(values)


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    check_data_roots(cfg, ('train_dataloader',))
    model = init_model(cfg, args.checkpoint, 'cpu').train()
    if type(model).__name__ != 'SymNets':
        raise ValueError(f'{args.config}: the model is {type(model).__name__}, not SymNets.')
    checkpoint = load_local_checkpoint(args.checkpoint, map_location='cpu')
    # p = iter / max_iters of the run that wrote the checkpoint (its --cfg-options included)
    max_iters = checkpoint['message_hub']['runtime_info'].get('max_iters', cfg.train_cfg.max_iters)
    progress = checkpoint['meta']['iter'] / max_iters
    lambd = adaptation_weight(min(progress, 1.0), model.gamma)
    hub = MessageHub.get_current_instance()
    hub.update_info('iter', checkpoint['meta']['iter'])
    hub.update_info('max_iters', max_iters)
    loader = Runner.build_dataloader(dict(cfg.train_dataloader, num_workers=0,
                                          persistent_workers=False))
    params = [p for p in model.parts()['generator'].parameters() if p.requires_grad]
    values, norms, cosines = {}, {}, {}
    for data in islice(loader, args.batches):
        terms = generator_terms(model, data)
        grads = {}
        for name, term in terms.items():
            grad = torch.autograd.grad(term, params, retain_graph=True, allow_unused=True)
            grads[name] = torch.cat([(g if g is not None else torch.zeros_like(p)).flatten()
                                     for g, p in zip(grad, params)])
            values.setdefault(name, []).append(float(term.detach()))
            norms.setdefault(name, []).append(float(grads[name].norm()))
        names = list(grads)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                cosine = torch.nn.functional.cosine_similarity(grads[a], grads[b], dim=0)
                cosines.setdefault((a, b), []).append(float(cosine))
    print(f'{args.checkpoint}: iteration {checkpoint["meta"]["iter"]}, lambda_p = {lambd:.3f}, '
          f'{args.batches} training batches')
    print(f'{"term of G":34s} {"value":>8s} {"|grad on G|":>12s}')
    for name in values:
        print(f'{name:34s} {mean(values[name]):8.3f} {mean(norms[name]):12.4f}')
    for (a, b), values_ab in cosines.items():
        print(f'cosine({a}, {b}) = {mean(values_ab):+.3f}')


if __name__ == '__main__':
    run_main(main)
