"""t-SNE of a trained classification model's source and target generator features (ADR
Fig. 6, DANN Fig. 5): colour = class, marker = domain.

    python tools/analysis/tsne.py CONFIG CHECKPOINT --out FILE.png [--max-samples 500]
        [--seed 0] [--overwrite] [--cfg-options KEY=VALUE ...]

Source: the labelled training source (``train_dataloader.dataset.source``); target: the
evaluation split (``test_dataloader.dataset``, whose labels colour the points only). At most
``--max-samples`` images per domain, drawn with ``--seed``; both embedded by one t-SNE
(``segda/visualization/tsne.py``).
"""
import argparse
import os
import sys

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
    domain_loader,
    generator_features,
)
from segda.utils.arguments import (  # noqa: E402
    FIGURE_SUFFIXES,
    ConfigOptionsAction,
    int_at_least,
    output_file,
)
from segda.visualization.tsne import save_tsne_figure, tsne_embedding  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--out', required=True, type=output_file(*FIGURE_SUFFIXES),
                        help='the figure to write (.png is added to a name without a suffix)')
    parser.add_argument('--max-samples', type=int_at_least(2), default=500,
                        help='images per domain at most, at least 2 (default 500)')
    parser.add_argument('--seed', type=int, default=0, help='subsampling and t-SNE seed')
    parser.add_argument('--overwrite', action='store_true', help='replace an existing --out')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction, default={})
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options)
    check_data_roots(cfg, ('train_dataloader', 'test_dataloader'))
    check_output_path(args.out, cfg, '--out', args.overwrite)
    source_cfg, _ = training_domains(cfg, 'the t-SNE of both domains')
    model = init_model(cfg, args.checkpoint, 'cpu')
    loaders = [domain_loader(dataset, args.max_samples, args.seed)
               for dataset in (source_cfg, cfg.test_dataloader.dataset)]
    (source, source_labels), (target, target_labels) = [
        generator_features(model, loader) for loader in loaders]
    if source_labels is None or target_labels is None:
        raise ValueError(f'{args.config}: the source training set and the test set must carry '
                         'labels to colour the points by class.')
    embedding = tsne_embedding(source, target, seed=args.seed)
    classes = loaders[0].dataset.metainfo['classes']
    save_tsne_figure(embedding, len(source), list(source_labels) + list(target_labels),
                     classes, args.out,
                     title=f'{os.path.basename(args.config)}: {os.path.basename(args.checkpoint)}')
    print(f'wrote {args.out} ({len(source)} source, {len(target)} target points)')


if __name__ == '__main__':
    run_main(main)
