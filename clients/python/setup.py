"""Builds the protobuf/gRPC modules from the repository's single source of contracts, ../../proto.

The generated packages (``qdm.common.v1``, ``qdm.generation.v1``, ...) are written into the build directory only, so
every install matches the .proto files of the checkout it was built from.
"""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PROTO_ROOT = Path(__file__).resolve().parent.parent.parent / "proto" / "src" / "main" / "proto"


class BuildWithProtos(build_py):
    def run(self):
        super().run()
        compile_protos(Path(self.build_lib))


def compile_protos(out_dir: Path) -> None:
    from grpc_tools import protoc  # a build requirement (pyproject.toml)
    import grpc_tools

    if not PROTO_ROOT.is_dir():
        raise SystemExit(f"qdm-client: the contracts are not at {PROTO_ROOT}; build from a QDM checkout")
    protos = sorted(str(p) for p in PROTO_ROOT.rglob("*.proto"))
    out_dir.mkdir(parents=True, exist_ok=True)
    well_known = str(Path(grpc_tools.__file__).parent / "_proto")
    status = protoc.main(["grpc_tools.protoc", f"-I{PROTO_ROOT}", f"-I{well_known}",
                          f"--python_out={out_dir}", f"--grpc_python_out={out_dir}", *protos])
    if status != 0:
        raise SystemExit(f"qdm-client: protoc failed with status {status}")
    # regular packages, so that ``qdm`` cannot be shadowed by a namespace package of the same name
    for d in [out_dir / "qdm", *(p for p in (out_dir / "qdm").rglob("*") if p.is_dir())]:
        (d / "__init__.py").touch()


setup(cmdclass={"build_py": BuildWithProtos})
