"""One call that makes a notebook's randomness repeatable.

Notebooks draw every random number from the ``numpy.random.Generator`` this
returns, and pass it on explicitly, so two notebooks given the same seed build
exactly the same data. Global seeds are set too, for code that ignores the
generator (the legacy ``np.random.*`` functions, ``random``, PyTorch).
"""

from __future__ import annotations

import random

import numpy as np

from ._validation import check_int

MAX_SEED = 2**32 - 1  # the largest seed that np.random.seed accepts


def set_seed(seed: int, *, torch: bool = False) -> np.random.Generator:
    """Seed Python, NumPy and (optionally) PyTorch; return a fresh generator.

    Built by hand in lesson 1 ("Repeatable randomness: the seed"); lesson 5 passes ``torch=True``.

    Parameters
    ----------
    seed : int
        Any integer in [0, 2**32 - 1].
    torch : bool, default False
        Also call ``torch.manual_seed``. Off by default so lessons without
        PyTorch do not pay for importing it.

    Returns
    -------
    numpy.random.Generator
        A generator seeded with ``seed``. Pass it to every function that draws.

    Examples
    --------
    >>> a = set_seed(1234).uniform(size=3)
    >>> b = set_seed(1234).uniform(size=3)
    >>> bool((a == b).all())
    True
    """
    seed = check_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 -- on purpose: seeds legacy np.random.* calls too
    if torch:
        import torch as _torch  # imported here: it costs over a second to load

        _torch.manual_seed(seed)
    return np.random.default_rng(seed)
