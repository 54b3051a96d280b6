"""No network for the processes that evaluate public SPARQL queries.

pyoxigraph evaluates `SERVICE <iri>` by calling the host, and has no switch to stop it. The guard
(kg.query.guard) refuses such queries, but a guard is a reading of a grammar and can be wrong;
this is the second defence, which does not depend on reading the query at all. A seccomp filter,
installed in each query worker before it reads a query, makes `socket()` fail with EACCES for
every address family but AF_UNIX (the worker still talks to the server over its pipe), and
`io_uring_setup()` too (io_uring can open sockets without the socket syscall). Filters are
inherited by every thread the process starts later and cannot be removed, even by root.

The filter is a classic BPF program handed to prctl(PR_SET_SECCOMP) through ctypes, so it needs
no library beyond the C library; Linux on x86-64 and AArch64 only.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import platform
from dataclasses import dataclass

from kg.errors import KGError


class SandboxError(KGError):
    """The network could not be closed for this process (not Linux, an unknown CPU, or prctl refused)."""


@dataclass(frozen=True)
class _Arch:
    audit: int
    socket: int
    io_uring_setup: int
    x32_bit: int | None  # syscall numbers at or above it are x32 ABI calls, which the filter refuses


_ARCHES = {
    "x86_64": _Arch(audit=0xC000003E, socket=41, io_uring_setup=425, x32_bit=0x40000000),
    "aarch64": _Arch(audit=0xC00000B7, socket=198, io_uring_setup=425, x32_bit=None),
}

# linux/filter.h, linux/seccomp.h, linux/prctl.h
_BPF_LD_W_ABS = 0x00 | 0x00 | 0x20
_BPF_JMP_JEQ_K = 0x05 | 0x10 | 0x00
_BPF_JMP_JGE_K = 0x05 | 0x30 | 0x00
_BPF_RET_K = 0x06 | 0x00
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_AF_UNIX = 1
# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6];
_OFFSET_NR, _OFFSET_ARCH, _OFFSET_ARG0 = 0, 4, 16


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


_Step = tuple[int, "str | int", "str | int", int]


def _program(arch: _Arch) -> list[str | _Step]:
    """The filter as (code, jump-if-true, jump-if-false, k) steps and labels; jumps name labels."""
    deny = _SECCOMP_RET_ERRNO | errno.EACCES
    steps: list[str | _Step] = [
        (_BPF_LD_W_ABS, 0, 0, _OFFSET_ARCH),
        (_BPF_JMP_JEQ_K, 0, "deny", arch.audit),       # a syscall of another ABI: refused
        (_BPF_LD_W_ABS, 0, 0, _OFFSET_NR),
    ]
    if arch.x32_bit is not None:
        steps.append((_BPF_JMP_JGE_K, "deny", 0, arch.x32_bit))
    steps += [
        (_BPF_JMP_JEQ_K, "deny", 0, arch.io_uring_setup),
        (_BPF_JMP_JEQ_K, 0, "allow", arch.socket),
        (_BPF_LD_W_ABS, 0, 0, _OFFSET_ARG0),           # the address family
        (_BPF_JMP_JEQ_K, "allow", "deny", _AF_UNIX),
        "allow",
        (_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
        "deny",
        (_BPF_RET_K, 0, 0, deny),
    ]
    return steps


def _assemble(steps: list[str | _Step]) -> list[tuple[int, int, int, int]]:
    """Labels to relative jump offsets, as BPF wants them."""
    labels: dict[str, int] = {}
    code: list[_Step] = []
    for step in steps:
        if isinstance(step, str):
            labels[step] = len(code)
        else:
            code.append(step)
    out = []
    for index, (op, jt, jf, k) in enumerate(code):
        def offset(target: str | int, index: int = index) -> int:
            return labels[target] - index - 1 if isinstance(target, str) else target
        out.append((op, offset(jt), offset(jf), k))
    return out


def deny_network() -> None:
    """From now on this process (and every thread and child it starts) can open only AF_UNIX sockets."""
    if platform.system() != "Linux":
        raise SandboxError(f"the query sandbox needs Linux's seccomp, not {platform.system()}")
    arch = _ARCHES.get(platform.machine())
    if arch is None:
        raise SandboxError(f"the query sandbox does not know the system calls of {platform.machine()}")
    instructions = _assemble(_program(arch))
    array = (_Instruction * len(instructions))(*[_Instruction(*step) for step in instructions])
    program = _Program(len(instructions), array)
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxError(f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(program), 0, 0) != 0:
        raise SandboxError(f"prctl(PR_SET_SECCOMP) failed: {os.strerror(ctypes.get_errno())}")


def network_denied(pid: int | str = "self") -> bool:
    """Whether a process runs under a seccomp filter (the `Seccomp: 2` line of /proc/PID/status)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return any(line.split() == ["Seccomp:", "2"] for line in status)
    except OSError:
        return False
