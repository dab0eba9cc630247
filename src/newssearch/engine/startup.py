"""A lighter Whoosh import, for a process that is only newssearch (the command line).

Whoosh imports, at its own import, modules for features that newssearch's queries never reach:
`whoosh.compat` imports `urllib.request` (and with it http.client, email and ssl) for a
`urlretrieve` that Whoosh only uses to download dictionaries; `whoosh.query.terms` imports
`whoosh.lang.morph_en` (hundreds of regular expressions compiled at import) for the `Variations`
query. Here Whoosh is imported with stand-ins for those modules whose functions
import the real module when first called, so nothing is lost, only deferred. The stand-ins are
visible process-wide while Whoosh imports (and removed afterwards: a later import gets the real
module), so the library never does this by itself: only the CLI calls it, through
newssearch.api.fast_start()."""

from __future__ import annotations

import sys
import types

# module -> the names Whoosh imports from it at import time (each a function)
DEFERRED = {"urllib.request": ("urlretrieve",), "whoosh.lang.morph_en": ("variations",)}


def _stand_in(module: str, names: tuple[str, ...]) -> types.ModuleType:
    stand_in = types.ModuleType(module)

    def deferred(name: str):
        def call(*args, **kwargs):
            real = __import__(module, fromlist=(name,))  # the real one: the stand-in is gone
            return getattr(real, name)(*args, **kwargs)

        call.__name__ = name
        return call

    for name in names:
        setattr(stand_in, name, deferred(name))
    return stand_in


def import_whoosh_lightly() -> None:
    if "whoosh.compat" in sys.modules:
        return
    stand_ins = {module: _stand_in(module, names) for module, names in DEFERRED.items()
                 if module not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
    finally:
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]
