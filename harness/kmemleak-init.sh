#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# init for the sanitizer run: UML boots with the host's filesystem as its
# read-only root (hostfs), runs the suite, then runs this to have kmemleak
# scan, print what it found, and power off.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
# kmemleak reports no object younger than 5 s; then scan twice, as its
# documentation advises, to settle transient objects.
sleep 6
echo scan >/sys/kernel/debug/kmemleak
echo scan >/sys/kernel/debug/kmemleak
cat /sys/kernel/debug/kmemleak
echo "iommu-probe-kunit: kmemleak scan done"
echo o >/proc/sysrq-trigger
sleep 10
