"""The release a process runs, and the cache of what that release makes.

What the code makes from the data (whole public pages, template fragments, rankings) is kept
under the release: a new release never reads what an old one kept, whose shape or markup may
differ. What processes share (the generation tokens, rate-limit counters, the beat's turns,
view counts, sessions, roster import progress) is kept without it: during a rolling upgrade
old and new hosts run side by side and must agree on it.

The release is ``RELEASE`` from the environment, else a hash of the project's own code: the
Python modules of its apps, its templates, its translations and its static files. It is the
same on every host that runs the same code (paths are taken relative to the project, never
its mtime or the host's name), and is read once when the settings load."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

#: The files a template may be (templates/ holds e-mails' text parts as well as HTML).
TEMPLATE_SUFFIXES = (".html", ".txt")


def identifier(base_dir: Path, apps: list[str]) -> str:
    """``RELEASE`` if set (e.g. the version a deployment installs), else the code's hash."""
    return os.getenv("RELEASE") or fingerprint(base_dir, source_files(base_dir, apps))


def source_files(base_dir: Path, apps: list[str]) -> list[Path]:
    """The files whose change makes a new release: the ``*.py`` of ``config`` and of the
    project's own apps (those of ``apps`` that are folders of the project), the templates
    (the project's and any app's), the translations' ``*.po``, the static files and
    ``requirements.txt``: a library upgraded (Django, django-ninja) may change what the code
    makes, the markup of a page or the API's schema. A kept page names the static files by
    their hashed names (``{% static %}`` under the manifest storage), which change with their
    content: a host set up for the new release may not have the old ones, so a page kept under
    the old release would load without its style sheet or script. The compiled ``*.mo`` follow
    from the ``*.po``."""
    packages = [base_dir / "config"]
    packages += [base_dir / app for app in apps if "." not in app and (base_dir / app).is_dir()]
    files = [path for package in packages for path in package.rglob("*.py")]
    for folder in (base_dir / "templates", *(package / "templates" for package in packages)):
        files += [path for path in folder.rglob("*") if path.suffix in TEMPLATE_SUFFIXES]
    files += (base_dir / "locale").rglob("*.po")
    static = base_dir / "static"
    files += [path for path in static.rglob("*") if is_asset(path, static)]
    files += [path for path in [base_dir / "requirements.txt"] if path.is_file()]
    return files


def is_asset(path: Path, static: Path) -> bool:
    """A file ``collectstatic`` collects from ``static``: no part of its path there is one its
    default patterns ignore (``CVS``, ``.*``, ``*~``), such as an editor's or a desktop's
    leftover, or a tool's hidden folder, that one host may have and another not."""
    parts = path.relative_to(static).parts
    return path.is_file() and not any(
        part == "CVS" or part.startswith(".") or part.endswith("~") for part in parts
    )


def fingerprint(base_dir: Path, files: list[Path]) -> str:
    """A short hash of the files' paths (relative to ``base_dir``) and contents, in the order
    of their paths: the same for the same files wherever the project is installed."""
    digest = hashlib.sha256()
    for name, path in sorted((path.relative_to(base_dir).as_posix(), path) for path in files):
        content = path.read_bytes()
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:12]


def caches(redis_url: str, release: str) -> dict:
    """``CACHES``: ``default``, what processes share, is Redis at ``redis_url`` (degrading to
    "no cache" while it is down, config/cache.py), else local memory (embedded, one process is
    the whole portal); ``pages``, what the code makes, is the same under the release."""
    if redis_url:
        default = {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "sihao",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 2},
        }
    else:
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return with_pages({"default": default}, release)


def with_pages(caches: dict, release: str) -> dict:
    """``caches`` with the ``pages`` alias added: the same backend and location as
    ``default``, its keys prefixed with the release. Local memory with the same LOCATION is
    the same store, so clearing either clears both, as one Redis database does."""
    default = caches["default"]
    prefix = ":".join(part for part in (default.get("KEY_PREFIX", ""), "release", release) if part)
    return {**caches, "pages": {**default, "KEY_PREFIX": prefix}}
