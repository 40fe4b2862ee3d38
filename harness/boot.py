#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot a kernel that kunit.py built, on the QEMU machine its --qemu_config
describes, and keep its console: for what kunit.py run cannot do itself.

  boot.py QEMU_CONFIG BUILD_DIR LOG [--cross_compile P] [--initrd FILE]
          [--append ARGS] [--accel kvm|tcg] [--timeout S] [--expect TEXT]
  boot.py QEMU_CONFIG BUILD_DIR - --print-arch

Run from the kernel tree: kunit_tool's own code reads the config, so the
machine is the one kunit.py runs. The kernel command line is the config's
without kunit_shutdown (the initramfs powers off itself). With --expect,
stop as soon as TEXT is seen and succeed; otherwise succeed when QEMU exits
by itself. Exit 124 on timeout.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.getcwd(), "tools", "testing", "kunit"))
import kunit_kernel  # noqa: E402  (kunit_tool, from the tree)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("config")
    ap.add_argument("build_dir")
    ap.add_argument("log")
    ap.add_argument("--cross_compile")
    ap.add_argument("--initrd")
    ap.add_argument("--append", default="")
    ap.add_argument("--accel", default="tcg")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--expect")
    ap.add_argument("--print-arch", action="store_true",
                    help="print the QEMU architecture and exit")
    a = ap.parse_args()

    _, ops = kunit_kernel._get_qemu_ops(a.config, [], a.cross_compile)
    if a.print_arch:
        print(ops._qemu_arch)
        return 0
    cmdline = [w for w in ops._kernel_command_line.split()
               if not w.startswith("kunit_shutdown=")]
    cmd = ["qemu-system-" + ops._qemu_arch, "-nodefaults", "-m", "1024",
           "-kernel", os.path.join(a.build_dir, ops._kernel_path),
           "-append", " ".join(cmdline + a.append.split()),
           "-no-reboot", "-nographic", "-accel", a.accel,
           "-serial", ops._serial] + ops._extra_qemu_params
    if a.initrd:
        cmd += ["-initrd", a.initrd]
    print("$", " ".join(cmd), file=sys.stderr)

    deadline = time.monotonic() + a.timeout
    with open(a.log, "w", errors="replace") as log:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        os.set_blocking(proc.stdout.fileno(), False)
        seen = ""
        while True:
            chunk = proc.stdout.read()
            if chunk:
                text = chunk.decode(errors="replace")
                log.write(text)
                log.flush()
                seen = (seen + text)[-4096:]
                if a.expect and a.expect in seen:
                    proc.kill()
                    proc.wait()
                    return 0
            elif proc.poll() is not None:
                return 1 if a.expect else proc.returncode
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                print(f"boot.py: no end after {a.timeout} s; console: {a.log}",
                      file=sys.stderr)
                return 124
            time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
