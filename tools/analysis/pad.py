"""Proxy A-distance between the two training domains of a trained model (DANN Sec. 5).

    python tools/analysis/pad.py CONFIG CHECKPOINT [--max-samples 2000] [--seed 0]
        [--features generator|output] [--out FILE.json] [--overwrite]
        [--cfg-options KEY=VALUE ...]

G's features (or, with ``--features output``, the model's outputs C(G(x)): a re-ID model's
descriptors) of the config's two training domains (``train_dataloader.dataset.source`` and
``.target``, the unlabelled target training split; at most ``--max-samples`` images each,
drawn with ``--seed``; as many of each domain) are told apart by linear SVMs:
``PAD = 2 (1 - 2 err)`` with err the lowest held-out error (``segda/evaluation/pad.py``).
Near 0: the domains look alike to a linear classifier; near 2: they are separable.
"""
import argparse
import json
import os
import sys
from dataclasses import asdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from segda.apis import (  # noqa: E402
    check_data_roots,
    check_output_path,
    init_model,
    load_config,
    run_main,
    training_domains,
)
from segda.evaluation.domain_features import (  # noqa: E402
    FEATURE_LAYERS,
    domain_loader,
    sample_features,
)
from segda.evaluation.pad import proxy_a_distance  # noqa: E402
from segda.utils.arguments import ConfigOptionsAction, int_at_least, output_file  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--max-samples', type=int_at_least(2), default=2000,
                        help='images per domain at most, at least 2 (default 2000)')
    parser.add_argument('--seed', type=int, default=0, help='subsampling and split seed')
    parser.add_argument('--features', choices=FEATURE_LAYERS, default='generator',
                        help="G's features (default, what the domain classifier sees) or the "
                             "model's outputs C(G(x))")
    parser.add_argument('--out', type=output_file('.json'),
                        help='also write the result as JSON here (.json is added to a name '
                             'without it)')
    parser.add_argument('--overwrite', action='store_true', help='replace an existing --out')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction, default={})
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options)
    check_data_roots(cfg, ('train_dataloader',))
    if args.out:
        check_output_path(args.out, cfg, '--out', args.overwrite)
    source_cfg, target_cfg = training_domains(cfg, 'the proxy A-distance')
    model = init_model(cfg, args.checkpoint, 'cpu')
    feats = [sample_features(model, domain_loader(dataset, args.max_samples, args.seed),
                             args.features)[0]
             for dataset in (source_cfg, target_cfg)]
    result = proxy_a_distance(*feats, seed=args.seed)
    print(f'{args.checkpoint}: PAD = {result.pad:.3f} (linear SVM error {result.error:.4f} at '
          f'C = {result.c:g}; {result.num_per_domain} images per domain, '
          f'{feats[0].shape[1]}-d {args.features} features)')
    if args.out:
        with open(args.out, 'w') as file:
            json.dump(dict(asdict(result), config=args.config, checkpoint=args.checkpoint,
                           seed=args.seed, features=args.features), file, indent=1)
    return result


if __name__ == '__main__':
    run_main(main)
