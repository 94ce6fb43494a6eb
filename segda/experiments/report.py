"""An experiment's report: a section of a markdown file between two markers.

``write_section`` has one behaviour: the text between ``<!-- NAME:begin -->`` and
``<!-- NAME:end -->`` is replaced; a file without those markers gets the section appended
under a ``## title`` heading (the file is created when missing). Nothing outside the
markers changes.
"""
import os
import platform
import shlex
from pathlib import Path
from typing import List, Sequence, Tuple


def markers(name: str) -> Tuple[str, str]:
    """The begin and end markers of the section ``name``."""
    return f'<!-- {name}:begin -->', f'<!-- {name}:end -->'


def marked_section(name: str, lines: Sequence[str]) -> str:
    """``lines`` between the markers of ``name``, one blank line inside each marker."""
    begin, end = markers(name)
    return '\n'.join([begin, '', *lines, '', end])


def write_section(path, section: str, name: str, title: str) -> str:
    """Put ``section`` (made by :func:`marked_section`) into the markdown file ``path``:
    between the markers of ``name`` when the file has them, else appended under
    ``## title``. Returns what was done, for the log."""
    path = Path(path)
    begin, end = markers(name)
    text = path.read_text() if path.exists() else ''
    if begin in text and end in text[text.index(begin):]:
        start, stop = text.index(begin), text.index(end, text.index(begin)) + len(end)
        path.write_text(text[:start] + section + text[stop:])
        return f'section {name} replaced in {path}'
    path.write_text(text.rstrip('\n') + ('\n\n' if text else '') + f'## {title}\n\n'
                    + section + '\n')
    return f'section {name} appended to {path} under "## {title}" (it had no markers)'


def command_line(tool: str, argv: Sequence[str]) -> str:
    """The command that made a report, as the docs show it: ``python TOOL ARGS``, each
    argument quoted for the shell where it needs it (a title with spaces)."""
    return shlex.join(['python', tool, *argv])


def code_block(*commands: str) -> List[str]:
    """Markdown lines of a bash block holding ``commands``."""
    return ['```bash', *commands, '```']


def machine() -> str:
    """The processor and the number of cores, as the reports name the machine."""
    return f'{platform.processor() or platform.machine()}, {os.cpu_count()} cores'
