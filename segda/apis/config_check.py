"""Catch config typos before anything is built: unknown ``--cfg-options`` keys, hook arguments.

mmengine merges ``--cfg-options train_cfgs.max_iters=1`` into a new top-level key that
nothing reads, so the run trains with the defaults; and a hook argument is only checked
when the hook is built (``default_hooks.checkpoint.intervl=1`` is even kept in a
``**kwargs`` and fails at the first checkpoint save, losing the run). Both checks here
run on the config alone, before the Runner, and raise :class:`ConfigKeyError` (a user
error, printed as one line) with the closest valid names.
"""
import difflib
import inspect

from mmengine.runner import Runner

from segda.registry import HOOKS

# Keys of a hook's config that are not arguments of its class (the Runner pops them).
HOOK_META_KEYS = frozenset(('type', 'priority'))


class ConfigKeyError(ValueError):
    """A config key or hook argument that nothing accepts."""


def _suggestion(name, valid) -> str:
    matches = difflib.get_close_matches(name, sorted(valid), n=3)
    return f'; did you mean {" or ".join(repr(m) for m in matches)}?' if matches else ''


def runner_keys() -> set:
    """Top-level config keys ``Runner.from_cfg`` reads: the arguments of ``Runner.__init__``."""
    return set(inspect.signature(Runner.__init__).parameters) - {'self', 'cfg'}


def check_option_keys(cfg, cfg_options) -> None:
    """Every ``--cfg-options`` key must start with a key of ``cfg`` or of the Runner."""
    valid = set(cfg.keys()) | runner_keys()
    for key in cfg_options or {}:
        top = key.split('.')[0]
        if top not in valid:
            raise ConfigKeyError(f'--cfg-options {key}: the config has no key {top!r}'
                                 f'{_suggestion(top, valid)}')


def accepted_arguments(cls) -> set:
    """The keyword arguments ``cls(...)`` accepts, following ``**kwargs`` up the MRO (a
    subclass that forwards them, like ``AtomicCheckpointHook``, accepts its parent's)."""
    names = set()
    for klass in cls.__mro__:
        init = vars(klass).get('__init__')
        if klass is object or init is None:
            continue
        parameters = inspect.signature(init).parameters.values()
        names |= {p.name for p in parameters
                  if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)} - {'self'}
        if not any(p.kind is p.VAR_KEYWORD for p in parameters):
            break
    return names


def _hook_configs(cfg):
    """(config path, hook config) of every ``default_hooks`` and ``custom_hooks`` entry."""
    for name, hook in (cfg.get('default_hooks') or {}).items():
        if isinstance(hook, dict):
            yield f'default_hooks.{name}', hook
    for index, hook in enumerate(cfg.get('custom_hooks') or []):
        if isinstance(hook, dict):
            yield f'custom_hooks[{index}]', hook


def check_hook_arguments(cfg) -> None:
    """Every key of a hook config must be an argument of the hook's registered class
    (looked up in ``segda.registry.HOOKS``, which falls back to mmengine's). An unknown
    type is left to the registry, whose message names it."""
    for path, hook in _hook_configs(cfg):
        hook_type = hook.get('type')
        cls = hook_type if inspect.isclass(hook_type) else HOOKS.get(hook_type)
        if cls is None:
            continue
        valid = accepted_arguments(cls)
        accepted = f'it accepts {", ".join(sorted(valid))}' if valid else 'it takes none'
        for key in hook:
            if key not in valid and key not in HOOK_META_KEYS:
                raise ConfigKeyError(f'{path}.{key}: {cls.__name__} has no argument {key!r}'
                                     f'{_suggestion(key, valid)} ({accepted})')
