"""The ``oversight`` command line.

Commands live in small modules by topic; importing them registers them on
:data:`service.cli.common.app`.
"""

from service.cli import (
    load_commands,  # noqa: F401  (registers commands)
    national_commands,  # noqa: F401  (registers commands)
    path_commands,  # noqa: F401  (registers commands)
    serve,  # noqa: F401  (registers commands)
    store_commands,  # noqa: F401  (registers commands)
)
from service.cli.common import app

__all__ = ["app"]
