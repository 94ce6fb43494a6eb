"""t-SNE of a trained model's source and target generator features: a classifier's coloured
by class (ADR Fig. 6, DANN Fig. 5), a re-ID model's descriptors by domain (DANN Fig. 10).

    python tools/analysis/tsne.py CONFIG CHECKPOINT --out FILE.png [--colour-by class|domain]
        [--features generator|output] [--max-samples 500] [--seed 0] [--overwrite]
        [--cfg-options KEY=VALUE ...]

Source: the labelled training source (``train_dataloader.dataset.source``). Target, coloured
by class: the evaluation split (``test_dataloader.dataset``, whose labels colour the points
only); coloured by domain (the default for re-ID, whose people are not classes): the
unlabelled target training set of the pair, as Fig. 10 shows it. At most ``--max-samples``
images per domain, drawn with ``--seed``; both embedded by one t-SNE
(``segda/visualization/tsne.py``). Embedded: G's features (``--features generator``, the
default for classification, as ADR Fig. 6 and DANN Fig. 5 draw them) or the model's outputs
C(G(x)) (``--features output``, the default for re-ID: the 500-d descriptors Fig. 10 draws).
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
    require_task_kind,
    run_main,
    training_domains,
)
from segda.evaluation.domain_features import (  # noqa: E402
    FEATURE_LAYERS,
    domain_loader,
    sample_features,
)
from segda.utils.arguments import (  # noqa: E402
    FIGURE_SUFFIXES,
    ConfigOptionsAction,
    int_at_least,
    output_file,
)
from segda.visualization.tsne import save_tsne_figure, tsne_embedding  # noqa: E402

COLOURINGS = ('class', 'domain')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--out', required=True, type=output_file(*FIGURE_SUFFIXES),
                        help='the figure to write (.png is added to a name without a suffix)')
    parser.add_argument('--colour-by', choices=COLOURINGS,
                        help='colour the points by class (default for classification) or by '
                             'domain (default for re-ID)')
    parser.add_argument('--features', choices=FEATURE_LAYERS,
                        help="G's features (default for classification) or the model's outputs "
                             'C(G(x)) (default for re-ID: its descriptors)')
    parser.add_argument('--max-samples', type=int_at_least(2), default=500,
                        help='images per domain at most, at least 2 (default 500)')
    parser.add_argument('--seed', type=int, default=0, help='subsampling and t-SNE seed')
    parser.add_argument('--overwrite', action='store_true', help='replace an existing --out')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction, default={})
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options)
    kind = require_task_kind(cfg, 'tools/analysis/tsne.py',
                             ('classification', 're-identification'),
                             hint='A segmentation model has no one feature vector per image.')
    colour_by = args.colour_by or ('domain' if kind == 're-identification' else 'class')
    by_class = colour_by == 'class'
    layer = args.features or ('output' if kind == 're-identification' else 'generator')
    check_data_roots(cfg, ('train_dataloader', 'test_dataloader') if by_class
                     else ('train_dataloader',))
    check_output_path(args.out, cfg, '--out', args.overwrite)
    source_cfg, target_cfg = training_domains(cfg, 'the t-SNE of both domains')
    model = init_model(cfg, args.checkpoint, 'cpu')
    loaders = [domain_loader(dataset, args.max_samples, args.seed)
               for dataset in (source_cfg, cfg.test_dataloader.dataset if by_class
                               else target_cfg)]
    (source, source_labels), (target, target_labels) = [
        sample_features(model, loader, layer) for loader in loaders]
    labels = None
    if by_class:
        if source_labels is None or target_labels is None:
            raise ValueError(f'{args.config}: the source training set and the test set must '
                             'carry labels to colour the points by class (--colour-by domain '
                             'needs none).')
        labels = list(source_labels) + list(target_labels)
    embedding = tsne_embedding(source, target, seed=args.seed)
    save_tsne_figure(embedding, len(source), args.out, labels,
                     loaders[0].dataset.metainfo.get('classes', ()),
                     title=f'{os.path.basename(args.config)}: {os.path.basename(args.checkpoint)}')
    print(f'wrote {args.out} ({len(source)} source, {len(target)} target points, coloured by '
          f'{colour_by}; {layer} features, {source.shape[1]}-d)')


if __name__ == '__main__':
    run_main(main)
