"""Path relations the tools check before they write: whether an output lies in a folder."""
import os
import os.path as osp


def is_inside(path, folder) -> bool:
    """Whether ``path`` is ``folder`` or lies under it (links resolved)."""
    path, folder = osp.realpath(path), osp.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
