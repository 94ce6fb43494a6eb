"""tools/analysis/retrain_classifier.py as a user runs it on the embedded ADR digits config
(a tiny pair): progress lines, the test scores before and after, the checkpoint that
tools/test.py scores as reported, result.json, and no second run over the first without
--overwrite."""
import json
import re

import pytest

from helpers.cli import run_tool
from helpers.digits_pair import tiny_mnistm_pair

pytestmark = pytest.mark.slow

CONFIG = 'configs/classification/adr_digits_mnistm_demo.py'
TOOL = 'analysis/retrain_classifier.py'


def test_the_tool_retrains_c_prime_and_tools_test_scores_its_checkpoint(tmp_path):
    checkpoint, options = tiny_mnistm_pair(tmp_path, CONFIG)
    options = [f'{key}={value}' for key, value in options.items()]
    work_dir = tmp_path / 'retrained'
    args = [CONFIG, checkpoint, '--iters', 4, '--log-interval', 2, '--work-dir', work_dir,
            '--cfg-options', *options]
    result = run_tool(TOOL, *args)
    assert result.returncode == 0, result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert 'retrain clean_head: iter 2/4, source loss' in output
    assert "retrained ADR's clean classifier C' (clean_head) for 4 iterations" in result.stdout
    assert 'test before: accuracy' in result.stdout and 'test after:  accuracy' in result.stdout
    record = json.loads((work_dir / 'result.json').read_text())
    assert record['part'] == 'clean_head' and record['iters'] == 4
    assert record['before']['accuracy'] == record['after']['accuracy']  # C is kept

    scored = run_tool('test.py', CONFIG, work_dir / 'retrained_classifier.pth',
                      '--work-dir', tmp_path / 'test', '--cfg-options', *options)
    assert scored.returncode == 0, scored.stderr[-2000:]
    clean = re.search(r'accuracy_clean: ([\d.]+)', scored.stdout + scored.stderr)
    assert clean and float(clean.group(1)) == pytest.approx(
        record['after']['accuracy_clean'], abs=1e-4)  # the log's 4 decimals

    again = run_tool(TOOL, *args)
    assert again.returncode == 1
    assert 'exists; pass --overwrite' in again.stderr
