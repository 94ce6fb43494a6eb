"""tools/analysis/digits_variants.py: label-free columns first, means over the seeds found,
the variant's --cfg-options named, missing values shown as such."""
import importlib.util
import json
import sys
from types import SimpleNamespace

from cli_helpers import REPO

sys.path.insert(0, str(REPO / 'tools'))
spec = importlib.util.spec_from_file_location(
    'digits_variants', REPO / 'tools' / 'analysis' / 'digits_variants.py')
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def test_rows_average_the_seeds_and_name_the_options(tmp_path):
    for seed, (eq7, share, accuracy) in enumerate([(1.0, 12.0, 90.0), (1.4, 14.0, 94.0)]):
        run = tmp_path / 'pair_w0' / f'symnets_seed{seed}'
        run.mkdir(parents=True)
        run.joinpath('result.json').write_text(json.dumps(dict(
            cfg_options=['model.entropy_weight=0'], final_train=dict(domain_discrimination=eq7),
            source_accuracy=100.0, max_share=share, entropy=0.5, accuracy=accuracy)))
    args = SimpleNamespace(pair='pair', method='symnets', variants=['w0', 'DEFAULT'],
                           terms=['domain_discrimination'], work_root=str(tmp_path),
                           section='s')
    rows = [line for line in tool.render(args, 'cmd').splitlines() if line.startswith('| ')]
    assert rows[0].split(' | ')[-1] == 'target test % (reporting only) |'
    w0 = rows[1].split(' | ')
    assert w0[0] == '| w0 (`model.entropy_weight=0`)' and w0[1] == '2'
    assert w0[2:] == ['1.200 ± 0.283', '100.0 ± 0.0', '13 ± 1 %', '0.50 ± 0.00', '92.0 ± 2.8 |']
    default = rows[2].split(' | ')
    assert default[:2] == ['| the config', '0'] and default[-1] == '– |'
