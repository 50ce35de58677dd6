"""Browser libraries installed from the npm registry, served at ``/vendor/<package>/<file>``.

``make setup`` runs ``npm ci``, which installs the packages that ``package.json``
lists into ``node_modules/`` (the ``vendor_dir`` setting). Only those *listed*
packages are served, never their transitive dependencies, dot-files or nested
``node_modules``; a path that tries to climb out of its package is refused.
Files are sent with a year-long ``Cache-Control``: pages add ``?v=<version>`` to
the URL (see :func:`vendor_url`), so an upgrade changes the URL.

>>> package_of(["@zazuko", "yasgui", "build", "yasgui.min.js"])
('@zazuko/yasgui', ['build', 'yasgui.min.js'])
>>> package_of(["cytoscape", "dist", "cytoscape.min.js"])
('cytoscape', ['dist', 'cytoscape.min.js'])
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from service.deps import get_settings
from service.settings import Settings

__all__ = [
    "CACHE_CONTROL",
    "VendorError",
    "allowed_packages",
    "installed_version",
    "package_of",
    "resolve_vendor_file",
    "router",
    "vendor_url",
]

CACHE_CONTROL = "public, max-age=31536000, immutable"
"""Vendor files never change under a versioned URL."""

router = APIRouter(tags=["vendor"])


class VendorError(LookupError):
    """A vendor path that is not served: unlisted package, bad path or missing file."""


def package_of(segments: list[str]) -> tuple[str, list[str]]:
    """Split a path into (package name, path inside it); scoped names take two segments.

    >>> package_of(["@zazuko"])
    Traceback (most recent call last):
    ...
    service.routers.vendor.VendorError: no package in the path '@zazuko'
    """
    size = 2 if segments and segments[0].startswith("@") else 1
    if len(segments) <= size:
        raise VendorError(f"no package in the path {'/'.join(segments)!r}")
    return "/".join(segments[:size]), segments[size:]


@cache
def allowed_packages(vendor_dir: Path) -> frozenset[str]:
    """The packages that ``package.json`` beside *vendor_dir* lists as dependencies.

    Empty when there is no ``package.json`` (nothing is served then).

    >>> "@zazuko/yasgui" in allowed_packages(_repo_vendor_dir())
    True
    """
    manifest = vendor_dir.parent / "package.json"
    if not manifest.is_file():
        return frozenset()
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return frozenset(data.get("dependencies", {}))


def installed_version(vendor_dir: Path, package: str) -> str:
    """The version of *package* installed in *vendor_dir* (``"0"`` when unknown).

    >>> installed_version(_repo_vendor_dir(), "@zazuko/yasgui")
    '4.6.2'
    """
    manifest = vendor_dir / package / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "0"


def vendor_url(vendor_dir: Path, package: str, file: str) -> str:
    """The URL of a vendor file, versioned so that it may be cached for a year.

    >>> vendor_url(_repo_vendor_dir(), "@zazuko/yasgui", "build/yasgui.min.js")
    '/vendor/@zazuko/yasgui/build/yasgui.min.js?v=4.6.2'
    """
    return f"/vendor/{package}/{file}?v={installed_version(vendor_dir, package)}"


def resolve_vendor_file(vendor_dir: Path, path: str) -> Path:
    """The file that ``/vendor/<path>`` serves; :class:`VendorError` when not served.

    >>> resolve_vendor_file(_repo_vendor_dir(), "@zazuko/yasgui/build/yasgui.min.css").name
    'yasgui.min.css'
    >>> resolve_vendor_file(_repo_vendor_dir(), "@zazuko/yasgui/../../../pyproject.toml")
    Traceback (most recent call last):
    ...
    service.routers.vendor.VendorError: refused vendor path '@zazuko/yasgui/../../../pyproject.toml'
    >>> resolve_vendor_file(_repo_vendor_dir(), "jquery/dist/jquery.js")
    Traceback (most recent call last):
    ...
    service.routers.vendor.VendorError: package 'jquery' is not listed in package.json
    """
    segments = path.split("/")
    if any(s in ("", ".", "..") or s.startswith(".") or s == "node_modules" for s in segments):
        raise VendorError(f"refused vendor path {path!r}")
    if any("\\" in s or "\x00" in s or ":" in s for s in segments):
        raise VendorError(f"refused vendor path {path!r}")
    package, rest = package_of(segments)
    if package not in allowed_packages(vendor_dir):
        raise VendorError(f"package {package!r} is not listed in package.json")
    root = (vendor_dir / package).resolve()
    target = root.joinpath(*rest).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise VendorError(f"no file {path!r} among the installed vendor files")
    return target


def _repo_vendor_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "node_modules"


@router.get("/vendor/{path:path}", include_in_schema=False)
def vendor_file(path: str, settings: Annotated[Settings, Depends(get_settings)]) -> FileResponse:
    """Serve one file of a listed npm package, cached for a year (404: not served).

    >>> from service.settings import Settings
    >>> response = vendor_file("@zazuko/yasgui/build/yasgui.min.css", Settings())
    >>> response.headers["cache-control"]
    'public, max-age=31536000, immutable'
    """
    target = resolve_vendor_file(settings.vendor_dir.resolve(), path)
    return FileResponse(target, headers={"Cache-Control": CACHE_CONTROL})
