# Build the extension pki._libpki with SWIG against an installed libpki (pkg-config libpki);
# see pyproject.toml. Used only for a stand-alone build of the bindings: the autotools build
# (bindings/python/local.mk) builds the same extension with libtool.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shlex
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

here = os.path.dirname(os.path.abspath(__file__))


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "libpki"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit(f"pkg-config libpki failed ({exc}): install libpki (libpki-dev) or set "
                 "PKG_CONFIG_PATH")
    return shlex.split(out)


cflags, libs = pkg_config("--cflags"), pkg_config("--libs")
incdirs = [f[2:] for f in cflags if f.startswith("-I")] or ["/usr/include"]
headers_dir = next((d for d in incdirs if os.path.exists(os.path.join(d, "pki", "common.h"))),
                   "/usr/include")


class BuildPyWithStub(build_py):
    """Also write pki/_libpki.pyi from the installed headers and pki/_errors.pyi from
    pki/_errors.py (gen_stub.py), as bindings/python/local.mk does."""

    def run(self):
        super().run()
        headers = sorted(os.path.join(headers_dir, "pki", h)
                         for h in os.listdir(os.path.join(headers_dir, "pki")) if h.endswith(".h"))
        out = os.path.join(self.build_lib, "pki", "_libpki.pyi")
        subprocess.run([sys.executable, os.path.join(here, "gen_stub.py"), out,
                        os.path.join(here, "libpki.i"), *headers], check=True)
        subprocess.run([sys.executable, os.path.join(here, "gen_stub.py"), "--classes",
                        os.path.join(self.build_lib, "pki", "_errors.pyi"),
                        os.path.join(here, "pki", "_errors.py")], check=True)


setup(
    ext_modules=[Extension(
        "pki._libpki", sources=["libpki.i"],
        # -interface _libpki: the init function PyInit__libpki of %module _libpki (libpki.i)
        swig_opts=["-builtin", "-interface", "_libpki", *[f for f in cflags if f.startswith("-I")]],
        extra_compile_args=[f for f in cflags if not f.startswith("-I")] + ["-fno-strict-aliasing"],
        include_dirs=incdirs,
        extra_link_args=libs)],
    cmdclass={"build_py": BuildPyWithStub},
)
