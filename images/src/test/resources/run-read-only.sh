#!/usr/bin/env bash
# Runs a command in an image's unpacked root filesystem the way the Kubernetes manifests run it, without a
# container runtime: its own mount and PID namespaces, the root filesystem mounted read-only, a fresh tmpfs on
# /tmp (the emptyDir), /proc and the host's /dev, an optional read-only config directory on /etc/signet, the
# image's user (UID/GID 10001), and only the environment given. Host network, so a test can reach a port.
#   run-read-only.sh ROOTFS CONFIG_DIR|- WORKDIR USER VAR=VALUE... -- COMMAND...
# Must run as root; unshare --kill-child ends the whole namespace when this script's process is killed.
set -euo pipefail
if [ "${SIGNET_IN_NAMESPACE:-}" != 1 ]; then
  exec env SIGNET_IN_NAMESPACE=1 unshare --mount --pid --fork --kill-child --propagation private "$0" "$@"
fi
rootfs="$1" config="$2" workdir="$3" user="$4"; shift 4
env_vars=()
while [ "$1" != -- ]; do env_vars+=("$1"); shift; done
shift
mkdir -p "$rootfs/dev" "$rootfs/proc" "$rootfs/tmp" "$rootfs/etc/signet"
mount --bind "$rootfs" "$rootfs"
mount -o remount,bind,ro "$rootfs"
mount --rbind /dev "$rootfs/dev"
mount -t proc proc "$rootfs/proc"
mount -t tmpfs -o mode=1777,size=512m tmpfs "$rootfs/tmp"
if [ "$config" != - ]; then
  mount --bind "$config" "$rootfs/etc/signet"
  mount -o remount,bind,ro "$rootfs/etc/signet"
fi
exec chroot --userspec="$user" "$rootfs" /usr/bin/env -i -C "$workdir" "${env_vars[@]}" "$@"
