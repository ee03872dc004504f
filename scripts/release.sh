#!/usr/bin/env bash
# Builds the release archives of disclose from this Linux machine:
#
#   disclose-<version>-x86_64-unknown-linux-musl.tar.gz   Linux on x86-64, static (any distribution)
#   disclose-<version>-aarch64-unknown-linux-musl.tar.gz  Linux on arm64 (Kylin, UOS on Kunpeng,
#                                                          Phytium), static
#   disclose-<version>-x86_64-pc-windows-gnu.zip           Windows 10/11 on x86-64
#   SHA256SUMS                                             the archives' checksums
#
# Each archive holds one folder disclose-<version>-<target>/ with the program, README.md,
# 使用说明.md (the Chinese user's guide, when docs/zh/使用说明.md exists), the licences of
# the dependencies compiled into the program (THIRD-PARTY-LICENSES.html) and SHA256SUMS of
# those files.
#
# Reproducible: the same commit gives the same archive bytes, on any checkout path. Paths
# in the binaries are remapped (/disclose, /cargo), the Windows linker writes no timestamp,
# and archive entries are sorted with mtimes of SOURCE_DATE_EPOCH (default: the commit's
# time), owner 0 and fixed modes; gzip stores no name or time.
#
# Usage: scripts/release.sh [--out DIR] [--update-licenses] [TARGET...]
#   --out DIR            where the archives go (default: target/dist)
#   --update-licenses    regenerate docs/licenses/THIRD-PARTY-LICENSES.html with cargo-about
#                        first (after a Cargo.lock change; commit the result)
#   TARGET...            default: all three
# Needs: the rustup targets, and Debian's gcc-mingw-w64-x86-64, gcc-aarch64-linux-gnu,
# musl-tools and zip (scripts/cross-smoke.sh --install-only installs them). Linkers and C
# compilers per target are set in .cargo/config.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

out=target/dist
update_licenses=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    --update-licenses) update_licenses=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "release.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-pc-windows-gnu)

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null) || {
    echo "release.sh: not a git checkout; set SOURCE_DATE_EPOCH" >&2
    exit 2
  }
fi
export SOURCE_DATE_EPOCH TZ=UTC LC_ALL=C.UTF-8
umask 022

licenses=docs/licenses/THIRD-PARTY-LICENSES.html
cargo_home=${CARGO_HOME:-$HOME/.cargo}

# The licences: the committed copy, which must name exactly the crates compiled into the
# release targets (a Cargo.lock change that adds or drops a crate fails here until the file
# is regenerated with --update-licenses, which needs cargo-about). Offline, so the file
# depends only on Cargo.lock and the crates' own licence files, not on a web service.
if [ "$update_licenses" = 1 ]; then
  if ! command -v cargo-about >/dev/null 2>&1; then
    echo "release.sh: --update-licenses needs cargo-about: cargo install --locked --features cli cargo-about" >&2
    exit 1
  fi
  echo "== licences (cargo about generate)"
  cargo fetch --locked
  cargo about -L error generate --locked --offline --fail -c scripts/about/about.toml \
    scripts/about/about.hbs -o "$licenses"
fi
if [ ! -f "$licenses" ]; then
  echo "release.sh: $licenses is missing: run scripts/release.sh --update-licenses" >&2
  exit 1
fi
echo "== licences name exactly the shipped crates"
python3 scripts/about/shipped-crates.py "$licenses"

echo "== build ${targets[*]} (release)"
build_env=()
for t in "${targets[@]}"; do
  upper=$(echo "$t" | tr 'a-z-' 'A-Z_')
  flags="--remap-path-prefix=$root=/disclose --remap-path-prefix=$cargo_home=/cargo"
  case "$t" in
    # GNU ld writes the link time into a PE header unless told not to.
    *windows*) flags="$flags -C link-arg=-Wl,--no-insert-timestamp" ;;
  esac
  build_env+=("CARGO_TARGET_${upper}_RUSTFLAGS=$flags")
  # mimalloc is C: the same remapping for its debug info and __FILE__s.
  build_env+=("CFLAGS_${t//-/_}=-ffile-prefix-map=$root=/disclose -ffile-prefix-map=$cargo_home=/cargo")
done
target_args=()
for t in "${targets[@]}"; do target_args+=(--target "$t"); done
env "${build_env[@]}" cargo build --release --locked "${target_args[@]}"

mkdir -p "$out"
out=$(cd "$out" && pwd)
echo "== pack into $out"
stage=$(mktemp -d "${TMPDIR:-/tmp}/disclose-release.XXXXXX")
trap 'rm -rf "$stage"' EXIT
archives=()
for t in "${targets[@]}"; do
  name=disclose-$version-$t
  dir=$stage/$name
  mkdir -p "$dir"
  exe=disclose
  case "$t" in *windows*) exe=disclose.exe ;; esac
  cp "target/$t/release/$exe" "$dir/$exe"
  cp README.md "$dir/README.md"
  if [ -f "docs/zh/使用说明.md" ]; then cp "docs/zh/使用说明.md" "$dir/使用说明.md"; fi
  cp "$licenses" "$dir/THIRD-PARTY-LICENSES.html"
  (cd "$dir" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs -d '\n' sha256sum > SHA256SUMS)
  chmod 644 "$dir"/*
  chmod 755 "$dir/$exe" "$dir"
  find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  case "$t" in
    *windows*)
      archive=$name.zip
      rm -f "$out/$archive"
      # -X: no uid/gid or extra timestamps; entries in sorted order; times in UTC.
      (cd "$stage" && find "$name" | sort | zip -X -9 -q -@ "$out/$archive")
      ;;
    *)
      archive=$name.tar.gz
      tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
        --format=gnu -C "$stage" -cf - "$name" | gzip -9 -n > "$out/$archive"
      ;;
  esac
  archives+=("$archive")
done
(cd "$out" && printf '%s\n' "${archives[@]}" | sort | xargs -d '\n' sha256sum > SHA256SUMS)
echo "== done"
(cd "$out" && cat SHA256SUMS)
