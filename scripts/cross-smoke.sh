#!/usr/bin/env bash
# Proof that the release archives work on the machines offices use, run by .ci/run:
#
# 1. installs what it needs when missing (Debian's cross toolchains, Wine, qemu-user, zip;
#    the rustup targets);
# 2. builds the archives with scripts/release.sh, twice, and checks both runs gave the
#    same bytes;
# 3. unpacks each archive and runs its program — x86-64 Linux directly, arm64 Linux under
#    qemu-user, Windows under Wine — through the same smoke test as the native build:
#    init into a folder named with Chinese characters and a space, check, build, a second
#    build (the swap of the output folder), verify, import of a GB18030 CSV ledger, check,
#    build, verify again, a build that fails after a build was killed mid-swap (the last
#    good site must come back), a build of the sample site in this repository, no lock or
#    staging files left, and `serve --open` opening the browser (a stand-in xdg-open, which
#    Wine also calls) on a preview that answers;
# 4. compares every output tree and imported record byte for byte with the native build's.
#
# Usage: scripts/cross-smoke.sh [--install-only] [TARGET...]   (default: all three targets)
# Everything it makes is under target/cross-smoke (the Wine prefix is kept there, so a
# second run does not set it up again); the archives go to target/dist.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/cross-smoke
all_targets=(x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-pc-windows-gnu)
install_only=0
targets=()
for a in "$@"; do
  case "$a" in
    --install-only) install_only=1 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "cross-smoke.sh: unknown option $a (see --help)" >&2; exit 2 ;;
    *)
      case " ${all_targets[*]} " in
        *" $a "*) targets+=("$a") ;;
        *) echo "cross-smoke.sh: unknown target $a; one of: ${all_targets[*]}" >&2; exit 2 ;;
      esac
      ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
export LC_ALL=C.UTF-8 TZ=UTC
started=$(date +%s)
step() { echo "== [$(($(date +%s) - started)) s] $*"; }

# --- 1. toolchains ---------------------------------------------------------------------
missing=()
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
command -v musl-gcc >/dev/null || missing+=(musl-tools)
command -v wine >/dev/null || missing+=(wine wine64)
command -v qemu-aarch64-static >/dev/null || missing+=(qemu-user-static)
command -v zip >/dev/null || missing+=(zip)
command -v unzip >/dev/null || missing+=(unzip)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
installed=$(rustup target list --installed)
for t in "${targets[@]}"; do
  grep -qx "$t" <<<"$installed" || { step "rustup target add $t"; rustup target add "$t"; }
done
[ "$install_only" = 1 ] && exit 0

# --- 2. archives, twice ----------------------------------------------------------------
step "release archives"
rm -rf target/dist target/dist-again
scripts/release.sh --out target/dist "${targets[@]}"
step "release archives again (must be the same bytes)"
scripts/release.sh --out target/dist-again "${targets[@]}" >/dev/null
cmp target/dist/SHA256SUMS target/dist-again/SHA256SUMS
for f in target/dist/disclose-*; do cmp "$f" "target/dist-again/$(basename "$f")"; done
(cd target/dist && sha256sum -c --quiet SHA256SUMS)
rm -rf target/dist-again
ls -l target/dist

# --- 3. smoke tests --------------------------------------------------------------------
rm -rf "$work/run"
mkdir -p "$work/run"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
ledger=$root/tests/fixtures/ledger/台账\ 第三批.csv
bad_record=$root/tests/fixtures/bad/unknown-status.md

# Rust's std on Windows 10+ draws random numbers from bcryptprimitives.dll!ProcessPrng,
# which Debian's Wine 8 lacks. This test-only stand-in forwards to advapi32's RtlGenRandom
# (SystemFunction036). It sits beside the unpacked test copy only, never in an archive.
shim=$work/shim/bcryptprimitives.dll
if [ ! -f "$shim" ]; then
  mkdir -p "$work/shim"
  cat >"$work/shim/shim.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
EOF
  x86_64-w64-mingw32-gcc -O2 -shared -o "$shim" "$work/shim/shim.c" -ladvapi32
fi
export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n"
if [ ! -d "$WINEPREFIX/drive_c" ]; then
  step "setting up the Wine prefix"
  wineboot --init >/dev/null 2>&1 || true
fi

# run LABEL ARGS...: runs the program of LABEL. Arguments that are absolute paths are given
# to the Windows program as Windows paths (Z:\...), as a clerk's cmd.exe would.
run() {
  local label=$1
  shift
  case "$label" in
    native) "$root/target/debug/disclose" "$@" ;;
    x86_64-unknown-linux-musl) "$work/unpacked/$label/disclose" "$@" ;;
    aarch64-unknown-linux-musl) qemu-aarch64-static "$work/unpacked/$label/disclose" "$@" ;;
    x86_64-pc-windows-gnu)
      local args=() a
      for a in "$@"; do
        case "$a" in /*) a="Z:${a//\//\\}" ;; esac
        args+=("$a")
      done
      wine "$work/unpacked/$label/disclose.exe" "${args[@]}"
      ;;
  esac
}

# expect CODE LABEL ARGS...: runs and checks the exit code; the output goes to a log.
expect() {
  local code=$1 label=$2 got=0
  shift 2
  run "$label" "$@" >>"$log" 2>&1 </dev/null || got=$?
  if [ "$got" != "$code" ]; then
    echo "FAILED: $label: disclose $* exited $got, expected $code; its output:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

# A stand-in for xdg-open that notes the address it was given. serve --open calls it on
# Linux; on Windows the program asks url.dll to open the address, and Wine hands that on
# to xdg-open, so the same stand-in sees the Windows program open the browser.
fakebin=$work/fakebin
mkdir -p "$fakebin"
printf '#!/bin/sh\necho "$1" >>"%s/opened"\n' "$fakebin" >"$fakebin/xdg-open"
chmod +x "$fakebin/xdg-open"

# serve_open LABEL SITE PORT: `serve --open` on a copy of SITE must open the browser on
# the preview address, and that address must answer with the site's front page.
serve_open() {
  local label=$1 copy=$work/run/$1-serve port=$3 url="" i
  rm -rf "$copy" "$fakebin/opened"
  cp -r "$2" "$copy"
  PATH="$fakebin:$PATH" run "$label" serve --open --port "$port" --root "$copy" >>"$log" 2>&1 </dev/null &
  for i in $(seq 120); do
    [ -s "$fakebin/opened" ] && break
    sleep 0.5
  done
  [ -s "$fakebin/opened" ] && url=$(head -n 1 "$fakebin/opened")
  local answer
  answer=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=20).status)' "$url" 2>&1 || true)
  pkill -f -- "serve --open --port $port" || true
  wait || true
  rm -rf "$copy"
  case "$url" in
    "http://127.0.0.1:$port/"*) ;;
    *) echo "FAILED: $label: serve --open did not open the browser on the preview (opened: '$url')" >&2; tail -n 20 "$log" >&2; exit 1 ;;
  esac
  [ "$answer" = 200 ] || { echo "FAILED: $label: the preview $url answered: $answer" >&2; exit 1; }
}

smoke() {
  local label=$1 dir=$work/run/$1
  local site="$dir/测试 站点"
  log=$dir.log
  : >"$log"
  mkdir -p "$dir"
  expect 0 "$label" init "$site"
  expect 0 "$label" check --root "$site"
  expect 0 "$label" build --root "$site"
  expect 0 "$label" build --root "$site"
  for leftover in "$site/.public.disclose-staging" "$site/.public.disclose-old" "$site/.public.disclose-lock"; do
    [ ! -e "$leftover" ] || { echo "FAILED: $label: $leftover left after a build" >&2; exit 1; }
  done
  expect 0 "$label" verify "$site/public"
  expect 0 "$label" import --root "$site" --kind complaint --inspection cei2-2021 \
    --date 2022-09-01 "$ledger"
  expect 0 "$label" check --root "$site"
  expect 0 "$label" build --root "$site"
  expect 0 "$label" verify "$site/public"
  # A build killed between the two renames of the swap (where there is no atomic exchange,
  # as on Windows) leaves the last good site as .public.disclose-old and no public/. The
  # next build, here one that fails, must put it back.
  cp -r "$site/public" "$dir/good"
  mv "$site/public" "$site/.public.disclose-old"
  cp "$bad_record" "$site/content/records/BAD-1.md"
  expect 1 "$label" build --root "$site"
  rm "$site/content/records/BAD-1.md"
  diff -r "$dir/good" "$site/public" >/dev/null \
    || { echo "FAILED: $label: the last good site did not come back after a killed swap" >&2; exit 1; }
  rm -rf "$dir/good"
  expect 0 "$label" verify "$site/public"
  expect 0 "$label" build --root "$root" --out "$dir/样例 输出"
  expect 0 "$label" verify "$dir/样例 输出"
  # No lock, staging or undo files are left beside any output folder once the runs ended.
  local left
  left=$(find "$dir" -maxdepth 2 -name '.*.disclose-*')
  [ -z "$left" ] || { echo "FAILED: $label: left behind after the runs: $left" >&2; exit 1; }
  serve_open "$label" "$site" "$port"
  port=$((port + 1))
  # Output to a file or pipe, as here, is plain text: no colour codes, no spinner frames.
  if grep -q $'\x1b' "$log"; then
    echo "FAILED: $label: escape sequences in output that is not a terminal (see $log)" >&2
    exit 1
  fi
}

port=18700
step "native smoke test"
cargo build --locked --quiet
smoke native
for t in "${targets[@]}"; do
  mkdir -p "$work/unpacked"
  rm -rf "$work/unpacked/$t"
  case "$t" in
    *windows*)
      unzip -q "target/dist/disclose-$version-$t.zip" -d "$work/unpacked"
      cp "$shim" "$work/unpacked/disclose-$version-$t/"
      ;;
    *) tar -xzf "target/dist/disclose-$version-$t.tar.gz" -C "$work/unpacked" ;;
  esac
  mv "$work/unpacked/disclose-$version-$t" "$work/unpacked/$t"
  step "smoke test of $t"
  smoke "$t"

  # --- 4. the same bytes as the native build -------------------------------------------
  for tree in "测试 站点/public" "测试 站点/content" "样例 输出"; do
    if ! diff -r "$work/run/native/$tree" "$work/run/$t/$tree" >"$work/run/$t.diff"; then
      echo "FAILED: $t: $tree differs from the native build's:" >&2
      head -n 40 "$work/run/$t.diff" >&2
      exit 1
    fi
  done
  echo "$t: output trees byte-identical to the native build's"
done
step "cross smoke tests passed"
# The plain closing line CI's log reader counts (one per build: native and each target).
echo "cross-smoke: $((1 + ${#targets[@]})) passed, 0 failed"
