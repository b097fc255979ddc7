"""Unpack the start-up wheels from JavaScript, straight into the file system.

Pyodide 0.27.7 unpacks every wheel ``loadPackage`` installs in Python
(``pyodide._package_loader.unpack_buffer``): the bytes copied into a temporary file, unzipped
member by member by shutil, the zip's directory read three times. For the lesson's ten wheels
that was ~220 ms of ~530 ms of loading them (Pyodide in Node). The build stores every member of
the wheels it ships uncompressed, so the worker can write them as files from the downloaded bytes
(site_src/js/modules/wheel-files.js); this module does the rest of what ``unpack_buffer`` does
for such a wheel: its ``INSTALLER`` and ``PYODIDE_SOURCE`` records and the list of extension
modules Pyodide then loads. Any other archive (a compressed member, a ``.data`` folder, a member
that would land outside the target) goes to Pyodide's own ``unpack_buffer`` as before.

Shipped in the stdlib zip by the build (optimize_in_pyodide.py); installed by the worker before
``loadPackage`` (site_src/js/pyodide-worker.js).
"""

from pathlib import Path

import pyodide._package_loader as package_loader
from pyodide.ffi import to_js


def install(files):
    """Route wheel unpacking through ``files`` (a WheelFiles: ``names``, ``write``,
    ``leftToPyodide``), falling back to Pyodide's own for anything it cannot take."""
    original = package_loader.unpack_buffer

    def unpack_buffer(buffer, *, filename="", format=None, extract_dir=None,
                      calculate_dynlibs=False, installer=None, source=None):
        names = wheel_members(files, buffer, filename, format, extract_dir)
        if names is None:
            files.leftToPyodide()
            return original(buffer, filename=filename, format=format, extract_dir=extract_dir,
                            calculate_dynlibs=calculate_dynlibs, installer=installer, source=source)
        target = Path(extract_dir)
        target.mkdir(parents=True, exist_ok=True)
        files.write(buffer, str(target))
        dist_info = target / dist_info_folder(names)
        if installer:
            (dist_info / "INSTALLER").write_text(installer)
        if source:
            (dist_info / "PYODIDE_SOURCE").write_text(source)
        if calculate_dynlibs:
            return to_js([str((target / name).resolve()) for name in names
                          if package_loader.should_load_dynlib(name)])
        return None

    package_loader.unpack_buffer = unpack_buffer


def wheel_members(files, buffer, filename, format, extract_dir):
    """The wheel's member names when it can be written as it is, else None."""
    if format or not extract_dir or not filename.endswith(".whl"):
        return None
    names = files.names(buffer)
    if names is None:
        return None
    names = names.to_py()
    tops = {name.split("/", 1)[0] for name in names}
    # shutil's own rule: such members it skips, so Pyodide's unpacking decides.
    unsafe = any(name.startswith("/") or ".." in name for name in names)
    dist_infos = [top for top in tops if top.endswith(".dist-info")]
    # A .data folder asks for files installed elsewhere (scripts, headers): Pyodide's job.
    if unsafe or len(dist_infos) != 1 or any(top.endswith(".data") for top in tops):
        return None
    return names


def dist_info_folder(names):
    return next(top for top in (name.split("/", 1)[0] for name in names) if top.endswith(".dist-info"))
