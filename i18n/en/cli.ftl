# Command-line help of disclose (disclose --help, disclose <command> --help).
# Every key here must also be in i18n/zh-CN/cli.ftl, with the same { $placeholders }.

cli = disclose: publish inspection rectification and complaint cases as a static site.
cli-build = Build the site into an output folder (default: public/)
cli-check = Validate the site without writing anything
cli-serve = Preview the site locally; rebuild and reload on every change
cli-init = Create a new site (the sample disclosure with the default theme)
cli-new = Create a new record file from its kind's template
cli-import = Import an Excel or CSV ledger (整改台账) into record files
cli-deploy = Publish a built site into a web root atomically, keeping the previous one
cli-keygen = Make an ed25519 key pair for signing manifest.json
cli-verify = Check a built, downloaded or live (URL) site against its manifest and signature
cli-help = Print this help, or the help of a command
cli-help-command = The command to show the help of

cli-heading-usage = Usage:{" "}
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-heading-commands = Commands
cli-value-command = COMMAND
cli-value-options = OPTIONS
cli-possible = {" "}(one of: { $values })
cli-default = {" "}(default: { $value })
list-separator = ,{" "}

cli-arg-help = Print help
cli-arg-version = Print version
cli-arg-lang = Language of messages and help: zh-CN or en (default: DISCLOSE_LANG, else site.yaml language, else the system's)
cli-value-lang = LANG
cli-arg-root = Site folder (the one with site.yaml)
cli-value-root = DIR
cli-arg-as-of = Disclosure date YYYY-MM-DD (default: site.yaml as_of, else SOURCE_DATE_EPOCH, else today)
cli-value-as-of = DATE
cli-arg-drafts = Include records and pages marked draft
cli-arg-quiet = Print nothing but errors
cli-arg-check-links = Fetch every link to another site written in content (4 at a time) and warn about each that does not answer
cli-arg-link-timeout = Seconds to wait for each link with --check-links
cli-value-link-timeout = SECONDS

cli-build-out = Output folder (default: <root>/public)
cli-value-out = DIR
cli-build-base-url = Override base_url from site.yaml
cli-value-base-url = URL
cli-build-sign-key = Sign manifest.json with this ed25519 secret key (writes manifest.sig)
cli-value-sign-key = KEY
cli-build-previous = Previous publication to list changes against (default: the output folder)
cli-value-previous = DIR
cli-build-timings = Print the wall time of each build stage
cli-build-precompress = Write .gz and .br beside every HTML, CSS, JS, JSON, XML, CSV and SVG file (nginx gzip_static, brotli_static)
cli-build-relative-urls = Write every link relative to its page, with index.html for folders, so the site opens from a plain folder (file://, a USB stick) or from any web path

cli-check-format = Output format: text (for people, with source snippets) or json (for CI)
cli-value-format = FORMAT

cli-serve-bind = Address to listen on (loopback by default; 0.0.0.0 shares the preview on the network)
cli-value-bind = ADDRESS
cli-serve-port = Port (0 picks a free one)
cli-value-port = PORT
cli-serve-open = Open the preview in the default browser

cli-init-dir = Folder for the new site (created if missing)
cli-value-dir = DIR
cli-init-force = Write into a folder that is not empty

cli-new-kind = Kind of record: feedback, lookback, complaint or task
cli-value-kind = KIND
cli-new-id = The record id (becomes content/records/<id>.md and the URL)
cli-new-as-of = Date written into the new record (default: site.yaml as_of, else SOURCE_DATE_EPOCH, else today)
cli-value-id = ID

cli-import-ledger = The ledger: .xlsx, .xls, .ods or .csv (UTF-8, UTF-8 with BOM or GB18030)
cli-value-ledger = LEDGER
cli-import-sheet = Sheet to read (default: the first)
cli-value-sheet = SHEET
cli-import-mapping = Column and value mapping (YAML) added to and overriding the built-in one; start from --print-mapping
cli-import-replace-mapping = Use the --mapping file instead of the built-in mapping, not on top of it
cli-value-mapping = MAPPING
cli-import-print-mapping = Print the built-in mapping as YAML and exit
cli-import-kind = Kind of every row when the sheet has no kind column
cli-import-inspection = Inspection id of every row when the sheet has no inspection column
cli-value-inspection = INSPECTION
cli-import-update = Merge into existing records, appending a dated update when status or progress changed
cli-import-dry-run = Print what would be created or changed, as a diff; write nothing
cli-import-date = Date of appended updates (default: site.yaml as_of, else SOURCE_DATE_EPOCH, else today)
cli-value-date = DATE

cli-deploy-to = The web root to publish into (e.g. /var/www/dczg)
cli-value-to = DIR
cli-deploy-site = The built site (default: <root>/public)
cli-value-site = DIR
cli-deploy-rollback = Put the previous publication back
cli-deploy-dry-run = List files added, changed and removed; change nothing

cli-keygen-out = Folder for disclose.key (secret) and disclose.pub (public)
cli-keygen-force = Overwrite existing key files

cli-verify-target = The site: a folder holding manifest.json, or the address of the live site (https://www.example.gov.cn/dczg/), whose files are fetched as citizens get them
cli-value-target = DIR|URL
cli-verify-key = Public key file (from disclose keygen) to check manifest.sig against; a signed publication is only reported ok with it
cli-verify-hashes-only = Check the file hashes only, also of a signed publication (shows the copy is complete, not who published it)
cli-verify-jobs = Requests in flight at once when checking an address
cli-verify-timeout = Seconds before one request gives up, when checking an address
cli-value-key = KEY

cli-error-prefix = error:{" "}
cli-error-unknown-argument = unexpected argument { $arg }
cli-error-unknown-command = unrecognized command { $arg }
cli-error-invalid-value = invalid value '{ $value }' for { $arg }
cli-error-bad-value = invalid value '{ $value }' for { $arg }
cli-error-missing = a required argument was not given: { $arg }
cli-error-conflict = { $arg } cannot be used with another option given
cli-error-missing-command = name the command to run
cli-error-values = wrong number of values for { $arg }
cli-error-valid = possible values: { $values }
cli-error-suggest = did you mean: { $suggestion }
cli-error-more = Run disclose --help for every command, disclose <command> --help for its options.
cli-error-reason = expected: { $reason }
