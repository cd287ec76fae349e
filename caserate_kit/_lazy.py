"""Lazy public names: a package lists what each private module exports, and
each module is imported the first time one of its names is used.

``import caserate_kit`` then costs almost nothing, so a page that only shows
the course home never loads pandas, NumPy or matplotlib (a learner's kernel
stays small when a class of 30 opens the same page).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str,
    namespace: dict[str, Any],
    exports: Mapping[str, Sequence[str]],
    submodules: Sequence[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``__getattr__``, ``__dir__`` and ``__all__`` for a package with lazy names.

    Parameters
    ----------
    package
        The package's ``__name__``.
    namespace
        The package's ``globals()``; a name, once loaded, is cached there.
    exports
        Relative module name (``"._budget"``) to the public names it provides.
    submodules
        Public subpackages (``"examples"``), also imported on first use.
    """
    home = {name: module for module, names in exports.items() for name in names}
    home.update({name: f".{name}" for name in submodules})

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook of PEP 562
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        loaded = importlib.import_module(module, package)
        value = loaded if name in submodules else getattr(loaded, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(namespace) | set(home))

    public = sorted(home, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
    return __getattr__, __dir__, public
