#!/usr/bin/env bash
# Benchmark: full builds of generated sites (default 1,000 and 10,000 records; pass
# sizes as arguments, e.g. `scripts/bench.sh 1000 10000 100000`), with wall time, CPU
# time, peak RSS, pages and bytes per second, stage times, and the rebuild after a
# one-record edit (in process, and from saving the file to the reload of a running
# `disclose serve`). Where `hugo` is installed (Debian package), an equivalent Hugo site
# (record pages, paginated lists, taxonomy term pages, sitemap) is built side by side.
# Output goes to tmpfs (/dev/shm): deleting thousands of files on disk swings by seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}")
[ $# -eq 0 ] && sizes=(1000 10000)
work=${BENCH_DIR:-/dev/shm/disclose-bench}
mkdir -p "$work"
cargo build --release --quiet --bin disclose --example gen --example rebuild --example save_to_reload
rebuild=target/release/examples/rebuild
bin=target/release/disclose
gen=target/release/examples/gen
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

printf '| records | tool | wall s | CPU s | peak RSS MB | pages | pages/s | MB written | MB/s |\n'
printf '|---:|---|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
  site="$work/site-$n"; out="$work/out-$n"
  [ -f "$site/site.yaml" ] || "$gen" --records "$n" --out "$site" >/dev/null 2>&1
  rm -rf "$out" "$work/.out-$n".*
  # A cold first build, then the measured one (replacing the previous output, as in use).
  "$bin" build --root "$site" --out "$out" --quiet
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" build --root "$site" --out "$out" --timings 2> "$work/log-$n" >/dev/null
  read -r wall user sys rss < "$work/time"
  pages=$(grep -o '[0-9]* pages' "$work/log-$n" | sed -n 1p | cut -d' ' -f1)
  mb=$(du -sm "$out" | cut -f1)
  printf '| %s | disclose | %.2f | %.2f | %d | %s | %.0f | %s | %.0f |\n' "$n" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$pages" "$(echo "$pages / $wall" | bc -l)" "$mb" "$(echo "$mb / $wall" | bc -l)"
  cp "$work/log-$n" "$work/stages-$n"

  # The incremental rebuild `serve` runs after one record is saved (examples/rebuild.rs).
  rm -rf "$work/serve-$n"
  "$rebuild" --site "$site" --out "$work/serve-$n" --edits 5 > "$work/rebuild-$n"
  echo "at $n records: $(tail -1 "$work/rebuild-$n")" >> "$work/rebuilds"
  # The same edit as a user makes it: saved by rename while `disclose serve` runs, timed
  # from the rename to the reload event and to the last download (watcher included).
  target/release/examples/save_to_reload --site "$site" --edits 5 > "$work/save-$n"
  echo "at $n records: $(tail -1 "$work/save-$n")" >> "$work/rebuilds"

  if command -v hugo >/dev/null; then
    hsite="$work/hugo-$n"; hout="$work/hugo-out-$n"
    if [ ! -f "$hsite/hugo.toml" ]; then
      mkdir -p "$hsite/content/records" "$hsite/layouts/_default"
      cat > "$hsite/hugo.toml" <<'TOML'
baseURL = "https://bench.example.gov.cn/dczg/"
title = "bench"
disableKinds = ["RSS"]
[pagination]
pagerSize = 50
[taxonomies]
region = "regions"
status = "status"
type = "types"
unit = "units"
inspection = "inspections"
TOML
      cat > "$hsite/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><nav><a href="/dczg/">首页</a></nav><main>{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>
HTML
      cat > "$hsite/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><dl>{{ range $k, $v := .Params }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}</dl>{{ .Content }}{{ end }}
HTML
      cat > "$hsite/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><table>{{ range (.Paginate .Pages).Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.status }}</td><td>{{ .Params.region }}</td></tr>{{ end }}</table>{{ template "_internal/pagination.html" . }}{{ end }}
HTML
      cp "$hsite/layouts/_default/list.html" "$hsite/layouts/_default/terms.html"
      # The same records, with taxonomies in Hugo's front matter.
      find "$site/content/records" -name '*.md' | while read -r f; do
        awk 'BEGIN{fm=0} /^---$/{fm++; print; if(fm==1){next}} fm==1 && /^(title|region|status|lead_unit|inspection|kind|deadline): /{
               split($0,a,": "); k=a[1]; v=substr($0, length(k)+3);
               if(k=="region"){print "regions: [\"" v "\"]"} else if(k=="status"){print "status: [\"" v "\"]"} else if(k=="lead_unit"){print "units: [\"" v "\"]"} else if(k=="inspection"){print "inspections: [\"" v "\"]"} else if(k=="title"){print "title: \"" v "\""} else {print k ": \"" v "\""}
               next }
             fm==1 && /^pollution_types: /{sub(/^pollution_types: /,""); print "types: " $0; next}
             fm==1{next} {print}' "$f" > "$hsite/content/records/$(basename "$f")"
      done
    fi
    rm -rf "$hout"
    hugo --quiet --source "$hsite" --destination "$hout" >/dev/null 2>&1
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" hugo --quiet --source "$hsite" --destination "$hout" >/dev/null 2>&1
    read -r wall user sys rss < "$work/time"
    pages=$(find "$hout" -name '*.html' | wc -l)
    mb=$(du -sm "$hout" | cut -f1)
    printf '| %s | hugo %s | %.2f | %.2f | %d | %s | %.0f | %s | %.0f |\n' "$n" "$(hugo version | grep -o 'v[0-9.]*' | sed -n 1p)" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$pages" "$(echo "$pages / $wall" | bc -l)" "$mb" "$(echo "$mb / $wall" | bc -l)"
  fi
done
echo
for n in "${sizes[@]}"; do
  echo "stages at $n records (disclose build --timings):"
  grep ' ms$' "$work/stages-$n"
done
echo
cat "$work/rebuilds"; rm -f "$work/rebuilds"
