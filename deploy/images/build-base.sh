#!/usr/bin/env bash
# Builds Signet's base images from Debian packages, without a Docker daemon: mmdebstrap makes a minimal Debian 13
# root filesystem (Essential packages + the JRE [+ Node.js]), umoci turns it into a one-layer OCI image and skopeo
# writes that as a docker-archive tarball, which is what Jib takes as a base image (from.image=tar://...).
#
#   build-base.sh [--refresh] jvm|node OUT_DIR
#     jvm   Debian's openjdk-21-jre-headless: amo-api, autograph-signer (and the monitor)
#     node  the same + Debian's nodejs 20: validator-worker runs addons-linter with it
#
# Writes OUT_DIR/signet-base-KIND.tar and OUT_DIR/signet-base-KIND.packages (name, version of every package in
# it), and skips the build when both exist for the same recipe (this script's content): --refresh rebuilds
# anyway, which is how a rebuild picks up Debian's security updates. Debian 13 because Debian 12's nodejs is 18
# and addons-linter needs 20+; its JRE is 21, which runs the services' Java 17 bytecode.
# The Debian mirrors are the ones this machine's apt uses (SIGNET_DEBIAN_MIRROR / SIGNET_DEBIAN_SECURITY_MIRROR
# override them). Needs root (mmdebstrap's root mode), mmdebstrap, umoci and skopeo (apt-get install mmdebstrap
# umoci skopeo).
set -euo pipefail

refresh=0
case "${1:-}" in
  --refresh|--refresh=true) refresh=1; shift ;;
  --refresh=*) shift ;;
esac
kind="${1:?usage: build-base.sh [--refresh] jvm|node OUT_DIR}"
out="${2:?usage: build-base.sh [--refresh] jvm|node OUT_DIR}"
suite=trixie
# The image's timestamps (files, config): fixed, so that the same packages give the same files (all but the JRE's
# cacerts, which ca-certificates-java writes anew each time).
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01T00:00:00Z

packages=(openjdk-21-jre-headless ca-certificates)
case "$kind" in
  jvm) ;;
  node) packages+=(nodejs) ;;
  *) echo "build-base.sh: unknown base '$kind' (jvm or node)" >&2; exit 2 ;;
esac

for tool in mmdebstrap umoci skopeo; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-base.sh: '$tool' is required (apt-get install mmdebstrap umoci skopeo)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "build-base.sh: must run as root (mmdebstrap's root mode installs the packages)" >&2; exit 1; }

name="signet-base-$kind"
recipe="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
tar="$out/$name.tar"
stamp="$out/$name.recipe"
if [ "$refresh" = 0 ] && [ -f "$tar" ] && [ -f "$out/$name.packages" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$recipe" ]; then
  echo "base image $tar is current (recipe $recipe; --refresh rebuilds it with today's packages)"
  exit 0
fi

# The first URI apt has for a suite, from one-line or deb822 sources.
apt_uri() {
  local want="$1"
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk -v s="$want" '$1=="deb" { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i+1)==s) { print $i; exit } break } }'
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v s="$want" 'BEGIN{RS=""} { uri=""; hit=0; n=split($0, l, "\n");
        for (i=1;i<=n;i++) { if (l[i] ~ /^URIs:/) { split(l[i], u, /[ \t]+/); uri=u[2] }
                             if (l[i] ~ /^Suites:/) { m=split(l[i], w, /[ \t]+/); for (j=2;j<=m;j++) if (w[j]==s) hit=1 } }
        if (hit && uri!="") { print uri; exit } }' "$f"
  done
}
host_suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
mirror="${SIGNET_DEBIAN_MIRROR:-$(apt_uri "$host_suite" | head -n1)}"
security="${SIGNET_DEBIAN_SECURITY_MIRROR:-$(apt_uri "$host_suite-security" | head -n1)}"
[ -n "$mirror" ] || { echo "build-base.sh: no Debian mirror in /etc/apt/sources.list*: set SIGNET_DEBIAN_MIRROR" >&2; exit 1; }
sources=("deb $mirror $suite main" "deb $mirror $suite-updates main")
[ -n "$security" ] && sources+=("deb $security $suite-security main")

mkdir -p "$out"
work="$(mktemp -d "$out/.$name.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "building base image $name from Debian $suite: ${packages[*]}"
# Documentation, manuals and translations are deleted at the end (not excluded from dpkg: postinst scripts of
# update-alternatives expect the man directories); the copyright files stay, they are the licences. apt is not
# installed (Essential has no apt), nor are its lists kept. UID/GID 10001 is the services' user, with /tmp as
# home: the only writable path when the root filesystem is read-only.
mmdebstrap --quiet --mode=root --variant=essential --skip=output/dev --include="$(IFS=,; echo "${packages[*]}")" \
  --customize-hook='echo "signet:x:10001:10001:signet:/tmp:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "signet:x:10001:" >> "$1/etc/group"' \
  --customize-hook='chroot "$1" dpkg-query -W -f "\${Package}\t\${Version}\n" > "$1/tmp/packages"' \
  --customize-hook="copy-out /tmp/packages $work" \
  --customize-hook='rm -rf "$1"/var/cache/* "$1"/var/log/* "$1"/var/lib/apt/lists/* "$1"/tmp/* "$1"/etc/machine-id' \
  --customize-hook='rm -rf "$1"/usr/share/man/* "$1"/usr/share/info/* "$1"/usr/share/locale/*' \
  --customize-hook='find "$1/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete' \
  "$suite" "$work/rootfs.tar" "${sources[@]}"

# One layer, the whole root filesystem; the services' images add their own layers on top with Jib.
created="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
umoci init --layout "$work/oci"
umoci new --image "$work/oci:$kind"
umoci raw add-layer --image "$work/oci:$kind" --history.created "$created" \
  --history.created_by "mmdebstrap --variant=essential $suite +${packages[*]}" "$work/rootfs.tar"
umoci config --image "$work/oci:$kind" --created "$created" --history.created "$created" \
  --architecture amd64 --os linux \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64 \
  --config.env LANG=C.UTF-8 --config.env HOME=/tmp \
  --config.label org.opencontainers.image.title="$name" \
  --config.label dev.signet.base.description="Debian $suite (Essential) + ${packages[*]}" \
  --config.label dev.signet.base.recipe="$recipe"
# Jib reads docker-archive tarballs (docker save's format) as base images, not OCI layouts.
rm -f "$work/out.tar"
skopeo --insecure-policy copy --quiet "oci:$work/oci:$kind" "docker-archive:$work/out.tar:signet/base-$kind:$recipe"
mv "$work/packages" "$out/$name.packages"
mv "$work/out.tar" "$tar"
echo "$recipe" > "$stamp"
echo "base image $tar ($(du -h "$tar" | cut -f1), $(wc -l < "$out/$name.packages") packages, list in $out/$name.packages)"
