"""Method variants (tools/analysis/method_variants.py, segda.experiments.method_variants):
label-free columns first, means over the seeds found, the variant's --cfg-options named,
missing values shown as such."""
import json
from types import SimpleNamespace

from segda.experiments import method_variants as study


def test_rows_average_the_seeds_and_name_the_options(tmp_path):
    for seed, (eq7, share, accuracy) in enumerate([(1.0, 12.0, 90.0), (1.4, 14.0, 94.0)]):
        run = tmp_path / 'pair_w0' / f'symnets_seed{seed}'
        run.mkdir(parents=True)
        run.joinpath('result.json').write_text(json.dumps(dict(
            cfg_options=['model.entropy_weight=0'], final_train=dict(domain_discrimination=eq7),
            source_accuracy=100.0, max_share=share, entropy=0.5, accuracy=accuracy)))
    args = SimpleNamespace(benchmark='digits', pair='pair', method='symnets',
                           variants=['w0', 'DEFAULT'],
                           terms=['domain_discrimination'], work_root=str(tmp_path),
                           section='s')
    rows = [line for line in study.render(args, 'cmd').splitlines() if line.startswith('| ')]
    assert rows[0].split(' | ')[-1] == 'target test % (reporting only) |'
    w0 = rows[1].split(' | ')
    assert w0[0] == '| w0 (`model.entropy_weight=0`)' and w0[1] == '2'
    assert w0[2:] == ['1.200 ± 0.283', '100.0 ± 0.0', '13 ± 1 %', '0.50 ± 0.00', '92.0 ± 2.8 |']
    default = rows[2].split(' | ')
    assert default[:2] == ['| the config', '0'] and default[-1] == '– |'


def test_synthcity_variants_sit_beside_the_benchmark_and_report_miou(tmp_path):
    root = tmp_path / 'benchmark_methods'
    for folder, miou in ((root, 20.0), (tmp_path / 'benchmark_methods_joint', 10.0)):
        run = folder / 'symnets_seed0'
        run.mkdir(parents=True)
        run.joinpath('result.json').write_text(json.dumps(dict(
            cfg_options=[] if folder == root else ['model.domain_bn=joint'],
            final_train={}, max_share=30.0, entropy=0.4, miou=miou)))
    args = SimpleNamespace(benchmark='synthcity', method='symnets', variants=['DEFAULT', 'joint'],
                           terms=[], work_root=str(root), section='s')
    rows = [line for line in study.render(args, 'cmd').splitlines() if line.startswith('| ')]
    assert rows[0].split(' | ')[-1] == 'target val mIoU (reporting only) |'
    assert rows[1].split(' | ') == ['| the config', '1', '–', '30 %', '0.40', '20.0 |']
    assert rows[2].split(' | ')[0] == '| joint (`model.domain_bn=joint`)'
    assert rows[2].split(' | ')[-1] == '10.0 |'
