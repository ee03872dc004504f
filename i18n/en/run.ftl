# Texts a command prints while it runs: summary lines, progress, prompts.

error-prefix = error:{" "}
progress-building = building the site…

run-build = build
run-check = check
run-status-ok = { $command } ok
run-status-failed = { $command } FAILED
run-summary = { $status }: { $records }{ $written }{ $as_of }; { $counts }; { $seconds } s
run-summary-records = { $count } records
run-summary-written = , { $pages } pages, { $files } files ({ $size }) in { $out }
run-summary-saved = ; per full download .gz files save { $gzip }, .br files { $brotli }
run-summary-as-of = , as of { $date }
run-summary-counts = { $errors } errors, { $warnings } warnings

serve-listening = Serving the site at { $url } (Ctrl-C to stop)
serve-watching = watching { $root } for changes: every save rebuilds the preview
serve-rebuilt-incremental = rebuilt incrementally: { $records } records; { $rendered } outputs made again, { $kept } kept; pages in { $pages_ms } ms, all in { $all_ms } ms
serve-rebuilt-full = rebuilt in full: { $records } records, { $pages } pages in { $ms } ms
serve-no-browser = could not open a browser ({ $error }); open { $url } yourself
serve-cannot-start = cannot start the preview server: { $error }
serve-cannot-listen = cannot listen on { $addr }: { $error } (try another port: --port 8080)
serve-cannot-watch = cannot watch the site folder { $root }: { $error }
serve-rebuild-failed = rebuild FAILED: { $errors } errors; serving the last good build

init-done = created a new site in { $dir } ({ $files } files); next: cd { $dir } && disclose serve
new-done = wrote { $path }; fill in the fields, then run disclose check

deploy-added = added: { $path }
deploy-changed = changed: { $path }
deploy-removed = removed: { $path }
deploy-recovered = warning: { $what }
deploy-summary = { $action } { $result }: { $files } files; { $added } added, { $changed } changed, { $removed } removed
deploy-action-deploy = deploy
deploy-action-rollback = rollback
deploy-result-ok = ok
deploy-result-dry-run = (dry run)

import-summary-ok = import ok: { $created_label } { $created }, { $updated_label } { $updated }, { $unchanged } unchanged, { $failed } rows with errors
import-summary-failed = import FAILED: { $created_label } { $created }, { $updated_label } { $updated }, { $unchanged } unchanged, { $failed } rows with errors
import-created = created
import-would-create = would create
import-updated = updated
import-would-update = would update
error-code-prefix = error[{ $code }]:{" "}
warning-prefix = warning[{ $code }]:{" "}
diag-label-help = help: { $help }
diag-label-at = at { $place }
import-check-failed = check FAILED after the import: { $errors } errors; fix them and run disclose check
import-error-mapping-unreadable = cannot read the mapping file { $path }: { $error }
import-error-mapping-invalid = the mapping file { $path } is not a valid mapping: { $error }; start from the output of disclose import --print-mapping
import-error-ledger = the ledger cannot be read: { $error }
import-error-no-sheet = { $ledger } has no sheet named `{ $name }`; sheets: { $sheets }
import-error-no-sheets = { $ledger } has no sheets
import-error-record-text = cannot write a record as YAML: { $error }
import-error-write = cannot write { $path }: { $error }

keygen-exists = { $secret } or { $public } already exists; pass --force to replace them
keygen-cannot-write = cannot write the keys: { $error }
keygen-no-randomness = cannot make a key: the system gives no random bytes ({ $error })
keygen-done = wrote { $secret } (keep it secret) and { $public } (publish it)
keygen-site-yaml = add these lines to site.yaml so that every page shows the key's fingerprint:

verify-cannot-read-key = cannot read the public key { $path }: { $error }
verify-changed = changed: { $path }
verify-missing = missing: { $path }
verify-extra = extra: { $path }
verify-symlink = symlink (refused: a published site holds only files and folders): { $path }
verify-signature-valid = signature: valid
verify-signature-invalid = signature: INVALID: { $why }
verify-ok = verify ok: { $files } files match manifest.json (not signed: this shows the copy is complete, not who published it)
verify-ok-signed = verify ok: { $files } files match manifest.json and the signature is the office's
verify-ok-hashes-only = verify ok: { $files } files match manifest.json (signature not checked: --hashes-only)
verify-failed = verify FAILED: { $changed } changed, { $missing } missing, { $extra } extra, { $failed } not checked, { $symlinks } symlinks
verify-not-checked = not checked: { $path }: { $why }
verify-fingerprint = key fingerprint: { $fingerprint }
verify-checked-url = checked { $root } ({ $files } files, as of { $as_of })
verify-built-for = note: the publication was built for { $url }
verify-needs-key = signed publication: give the office's public key (--key) to check who published it; file hashes alone prove nothing
verify-needs-key-help = help: disclose verify { $site } --key disclose.pub (or --hashes-only to check the copy only)
verify-bad-signature = verify FAILED: the signature does not match
serve-overlay-heading = disclose: the site has errors; showing the last good build.
