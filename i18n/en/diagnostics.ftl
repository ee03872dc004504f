# What each finding (by code) says: diag-<name> is what is wrong, diag-<name>-help how
# to fix it. The placeholders are the diagnostic's args (docs/diagnostics.md); $field is
# the field path (updates[1].date). Every run, English or Chinese, shows these texts:
# the code's own wording is never printed. diag-<name>-<variant> words one case of a
# code (the diagnostic's variant arg); a variant without its own -help uses the code's.

diag-cannot-read = cannot read the file: { $error }
diag-cannot-read-help = check that the file exists, is not locked by another program and can be read
diag-no-site-config = this is not a site folder: no site.yaml ({ $error })
diag-no-site-config-help = run disclose in a site folder (one with site.yaml), pass --root DIR, or create a site with disclose init
diag-not-utf8 = the file is not saved as UTF-8: it looks like { $encoding }
diag-not-utf8-help = save it again as UTF-8 (in Notepad or WPS: Save As → Encoding → UTF-8); disclose never guesses an encoding, so no text is garbled
diag-file-name-not-utf8 = the file name is not valid UTF-8
diag-file-name-not-utf8-help = rename the file (names saved from old Windows tools are often GBK)
diag-symlink-outside = this symlink points outside the site folder (or nowhere)
diag-symlink-outside-help = copy the file into the site instead; disclose never reads outside the site
diag-symlinked-folder = symlinked folder skipped: disclose does not follow folder links
diag-symlinked-folder-help = copy the folder's files in
diag-file-too-large = the file is { $size } bytes, over the limit of { $limit }
diag-file-too-large-help = split the file, or raise limits: {"{"} max_file_size: … {"}"} in site.yaml
diag-no-front-matter = the file has no front matter
diag-no-front-matter-help = start the file with a line ---, then the YAML fields, then another line ---
diag-no-content-folder = the site has no content/ folder
diag-no-content-folder-help = create content/records/ and put one .md or .yaml file per case in it

diag-yaml-syntax = this line is not well-formed YAML
diag-yaml-syntax-help = check the indentation (spaces only, one level aligned), use a half-width colon followed by a space, and quote values that contain ": " or start with a special character
diag-unknown-key = unknown field { $key }
diag-unknown-key-help = remove it or correct its spelling; only the fields of the schema are allowed: { $expected }
diag-unknown-status = unknown status { $value }
diag-unknown-status-help = use one of: { $expected }
diag-unknown-value = unknown value { $value } for { $field }
diag-unknown-value-help = use one of: { $expected }
diag-missing-key = missing field { $key }: it is required
diag-missing-key-help = add a line "{ $key }: value"
diag-invalid-value = { $field }: { $value } is not a date
diag-invalid-value-help = write dates as 2022-06-30 (year-month-day, two-digit month and day), a date that exists
diag-invalid-value-date = { $field }: { $value } is not a date
diag-invalid-value-no-such-day = { $field }: { $value } is not a real calendar date
diag-invalid-value-no-such-day-help = check the month and day: the date must exist (2022-02-30 does not)
diag-invalid-value-deadline = { $field }: { $value } is not a deadline
diag-invalid-value-deadline-help = write a date as 2022-06-30, or ongoing for 长期坚持, immediate for 立行立改
diag-invalid-value-number = { $field } must be a whole number
diag-invalid-value-number-help = write the number alone, without units or words, e.g. 3
diag-invalid-value-list = { $field } must be a list
diag-invalid-value-list-help = write one item per line after the key, each starting with "- "
diag-invalid-value-text = { $field } must be text
diag-invalid-value-text-help = write the text after the colon; put it in quotes if it starts with a special character
diag-invalid-value-yes-no = { $field } must be true or false
diag-invalid-value-yes-no-help = write true (是) or false (否)
diag-invalid-value-mapping = { $field } must hold fields of its own
diag-invalid-value-mapping-help = write its fields on the following lines, indented by two spaces
diag-invalid-value-kind = { $field } has a value of the wrong kind
diag-invalid-value-kind-help = compare it with the example site (disclose init) or docs/records.md
diag-yaml-too-deep = the YAML nests or repeats aliases too deeply
diag-yaml-too-deep-help = write the values out plainly instead of & and * aliases
diag-yaml-too-deep-nesting = the YAML nests [ or {"{"} more than { $limit } levels deep
diag-yaml-too-deep-nesting-help = write lists and mappings out plainly, one level per indentation
diag-yaml-too-deep-aliases = the YAML uses more than { $limit } aliases (*name)
diag-yaml-too-deep-aliases-help = aliases repeat what an anchor (&name) holds; write the values out plainly instead
diag-yaml-too-deep-expansion = the aliases (*name) would expand this text of { $size } bytes to more than { $limit } bytes
diag-yaml-too-deep-expansion-help = aliases repeat what an anchor (&name) holds; write the values out plainly instead

diag-bad-id = id { $id } is not URL-safe
diag-bad-id-help = use only A-Z, a-z, 0-9, ., _ and - (the id becomes the page address), e.g. D2HN202104170112
diag-bad-id-empty = the id is empty
diag-bad-id-empty-help = write the case's receipt or ledger number after id:
diag-bad-id-too-long = the id is { $length } characters long, over the limit of { $limit }
diag-bad-id-too-long-help = use the case's receipt or ledger number
diag-bad-id-hidden = id { $id } starts or ends with .: it would be a hidden or truncated folder name
diag-bad-id-hidden-help = remove the dot at the start or end
diag-bad-id-reserved = id { $id } is a reserved name (a page the build writes, or a device name on Windows)
diag-bad-id-reserved-help = use the case's receipt or ledger number instead
diag-empty-title = the title is empty
diag-empty-title-help = write the case's title after title:
diag-unknown-inspection = unknown inspection { $value }
diag-unknown-inspection-help = use one of the ids under inspections: in site.yaml, or add it there
diag-empty-region = the region is empty
diag-empty-region-help = write the town or subdistrict after region:
diag-unknown-region = region { $value } is not in the site's list of regions
diag-unknown-region-help = use one of the regions listed under regions: in site.yaml ({ $expected }), or add it there
diag-closed-without-date = status is closed but closed_on is missing
diag-closed-without-date-help = add closed_on: with the date the case was accepted and closed (销号), e.g. closed_on: 2022-06-30
diag-completed-without-date = status is completed but completed_on is missing, so on-time is unknown
diag-completed-without-date-help = add completed_on: with the date the work was completed
diag-closed-on-not-closed = closed_on is set but status is { $status }
diag-closed-on-not-closed-help = set status: closed, or remove closed_on
diag-completed-on-not-done = completed_on is set but status is { $status }
diag-completed-on-not-done-help = set status: completed or closed, or remove completed_on
diag-date-after-as-of = { $field } { $date } is after the as-of date { $as_of }
diag-date-after-as-of-help = a completion or progress date cannot be in the future; fix the date, or publish with a later as-of date (site.yaml as_of or --as-of)
diag-dates-out-of-order = { $field } { $date } is before { $other }
diag-dates-out-of-order-help = check whether the two dates are swapped or mistyped
diag-dates-out-of-order-closed-before-completed = closed_on { $date } is before completed_on { $other }
diag-dates-out-of-order-closed-before-completed-help = a case is closed (销号) after the work is completed; check whether the two dates are swapped
diag-dates-out-of-order-completed-before-received = completed_on { $date } is before received_on { $other }
diag-updates-out-of-order = update dated { $date } comes after one dated { $other }; updates must be oldest first
diag-updates-out-of-order-help = reorder updates, oldest first
diag-status-disagrees = status { $status } disagrees with the last update that sets a status ({ $date }, { $other })
diag-status-disagrees-help = set status to the last update's, or add a new update
diag-deadline-mismatch = deadline is { $date } but the last deadline change sets it to { $other }
diag-deadline-mismatch-help = set deadline: { $other }, or check the deadline changes
diag-deadline-mismatch-missing = deadline is missing but the last deadline change sets it to { $other }
diag-evidence-missing = evidence file { $file } not found next to the record
diag-evidence-missing-help = put the file next to the record, or correct its name (extension and case count)
diag-verification-not-complaint = verification (是否属实) is for complaint cases, but this record is a { $kind }
diag-verification-not-complaint-help = remove verification, or set kind: complaint
diag-empty-text = this entry is empty
diag-empty-text-help = write its text, or remove the entry
diag-empty-text-update = the update has no text
diag-empty-text-update-help = say what was done on that date
diag-empty-text-reason = a deadline change needs a reason
diag-empty-text-reason-help = write why the deadline moved: the public must see it
diag-duplicate-id = id { $id } is already used by { $file }:{ $line }
diag-duplicate-id-help = every case needs its own id; change one of them
diag-related-self = a record cannot be related to itself
diag-related-self-help = remove the record's own id from related
diag-unknown-related = related record { $value } does not exist
diag-unknown-related-help = check the id; related records must be on this site (drafts count only with --drafts)

diag-bad-base-url = base_url { $value } is not valid
diag-bad-base-url-help = write the full address, e.g. https://www.example.gov.cn/dczg/
diag-unsupported-language = language { $value } is not supported
diag-unsupported-language-help = use language: zh-CN or language: en
diag-bad-paginate = paginate { $value } is not valid: it must be at least 1
diag-bad-paginate-help = write a whole number from 1 to 1000
diag-duplicate-inspection = inspection id { $id } is used twice
diag-duplicate-inspection-help = give every inspection its own id
diag-bad-inspection-id = inspection id { $id } is not URL-safe
diag-bad-inspection-id-help = use lowercase letters, digits and - only, e.g. cei2-2021
diag-inspection-dates = inspection { $id }: the date { $date } is before { $other }
diag-inspection-dates-help = check the inspection's dates
diag-duplicate-region = region { $value } is listed twice
diag-duplicate-region-help = remove the repeated line
diag-duplicate-region-slug = region { $value } has the same address as another region
diag-duplicate-region-slug-help = give one of them a different slug
diag-bad-region-slug = region slug { $value } is not valid
diag-bad-region-slug-help = use lowercase letters, digits and - only
diag-bad-signing-public-key = signing.public_key: { $error }
diag-bad-signing-public-key-help = copy the one line of disclose.pub (from disclose keygen) here
diag-bad-batch = inspection { $id }: batch number { $value } is 0 or listed twice
diag-bad-batch-help = number the batches 1, 2, 3… and list each once
diag-bad-slug = slug { $value } is not valid
diag-bad-slug-help = use lowercase letters, digits and - only
diag-duplicate-slug = { $value } is pinned twice in site.yaml
diag-duplicate-slug-help = list every unit once and give every unit or inspection its own slug
diag-unknown-vocabulary = unknown vocabulary { $value }
diag-unknown-vocabulary-help = vocabularies: may relabel { $expected }
diag-unknown-vocabulary-key = vocabulary { $vocabulary } has no key { $value }
diag-unknown-vocabulary-key-help = check the spelling; the keys stay and only their labels change: { $expected }

diag-empty-page-title = the page title is empty
diag-empty-page-title-help = write a title after title:
diag-duplicate-page-address = page address { $path } is the same as { $file }'s
diag-duplicate-page-address-help = rename one of the files
diag-reserved-address = the address { $path } is reserved for generated pages
diag-reserved-address-help = rename the page file
diag-unknown-template = the theme has no template { $value }
diag-unknown-template-help = remove template:, or name a template of the theme's templates folder
diag-broken-link = link { $url } leads to no page or file of the site
diag-broken-link-help = correct the address, e.g. /records/A-1/ or @/records/A-1 for a record, @/notices/first.md for a page
diag-external-link-failed = link { $url } does not answer: { $error }
diag-external-link-failed-help = open the address in a browser; correct or remove the link if the page is gone

diag-personal-data = personal data must not be published: { $masked }
diag-personal-data-help = remove it or write it masked (王某, 138****5678); text that must stay can be marked [privacy-ok: reason] right before it
diag-personal-data-mobile = a mobile phone number must not be published: { $masked }
diag-personal-data-mobile-help = remove it (where a phone number is needed, give the office's public hotline), list a public number under privacy: {"{"} allow: [...] {"}"} in site.yaml, or put [privacy-ok: reason] right before it
diag-personal-data-landline = a landline phone number must not be published: { $masked }
diag-personal-data-landline-help = remove it (where a phone number is needed, give the office's public hotline), list a public number under privacy: {"{"} allow: [...] {"}"} in site.yaml, or put [privacy-ok: reason] right before it
diag-personal-data-id-number = a resident ID number (身份证号) must not be published: { $masked }
diag-personal-data-id-number-help = remove it: a published text never needs a person's ID number (write 王某 for the person)
diag-personal-data-bank-card = a bank card number must not be published: { $masked }
diag-personal-data-bank-card-help = remove it: a published text never needs a bank card number
diag-personal-data-email = an e-mail address must not be published: { $masked }
diag-personal-data-email-help = remove it (give the office's public address instead), or put [privacy-ok: reason] right before it
diag-personal-data-messenger = a QQ or WeChat id must not be published: { $masked }
diag-personal-data-messenger-help = remove it (give the office's public account instead), or put [privacy-ok: reason] right before it
diag-personal-data-name = the name of a complainant or party (举报人/投诉人/当事人…) must not be published: { $masked }
diag-personal-data-name-help = write 王某 or 某公司 instead of the name; a name that may be published can be marked [privacy-ok: reason] right before it
diag-unknown-theme = unknown theme { $value }
diag-unknown-theme-help = use theme: default, or put the theme into themes/
diag-missing-ui-strings = the theme has no UI strings for language { $value }
diag-missing-ui-strings-help = use language: zh-CN or language: en, or add the file to the theme
diag-missing-ui-strings-not-mapping = the theme's UI strings file must be a mapping of keys to texts
diag-missing-ui-strings-not-mapping-help = write one key: text per line, as in the default theme's i18n files
diag-missing-label = the theme's { $vocabulary } vocabulary has no label for { $value }
diag-missing-label-help = add it to the theme's i18n file or to vocabularies in site.yaml
diag-template-error = template error: { $error }
diag-template-error-help = check the theme's template where it says
diag-bad-source-date-epoch = SOURCE_DATE_EPOCH { $value } is not a timestamp
diag-bad-source-date-epoch-help = set it to seconds since 1970, or unset it
diag-unsafe-output-folder = cannot build into this folder: it is the site itself, a parent of it or a source folder
diag-unsafe-output-folder-help = pass --out with a folder of its own, e.g. public
diag-unsafe-output-folder-site = cannot build into this folder: it is, or contains, the site folder
diag-unsafe-output-folder-source = cannot build into this folder: it lies inside the site's { $folder }/ folder
diag-unsafe-output-folder-file = cannot build into this: it is a file, not a folder
diag-foreign-output-folder = the output folder holds files disclose did not write; it is not overwritten
diag-foreign-output-folder-help = use an empty folder, or move its files away first
diag-write-failed = cannot write the output: { $error }
diag-write-failed-help = check the free space and the permissions
diag-bad-signing-key = the signing key cannot be used: { $error }
diag-bad-signing-key-help = use disclose.key as disclose keygen wrote it
diag-evidence-unreadable = cannot read the evidence file { $file }: { $error }
diag-evidence-unreadable-help = check that the file exists and can be read
diag-previous-unreadable = cannot read the previous publication, so no changes are listed: { $error }
diag-previous-unreadable-help = pass --previous with the last published folder, or ignore this
diag-signing-key-mismatch = the signing key does not belong to site.yaml signing.public_key: the pages would show another key's fingerprint
diag-signing-key-mismatch-help = sign with the disclose.key made together with that disclose.pub, or put this key's disclose.pub in site.yaml
diag-output-locked = another disclose run is writing this folder; nothing was changed
diag-output-locked-help = wait for it to finish and run again
diag-output-locked-held = another disclose run ({ $holder }) is writing this folder; nothing was changed
diag-interrupted-switch = an earlier build was interrupted while switching the site in; the publication before it was put back
diag-interrupted-switch-help = nothing to do; check the site if you like with disclose verify
diag-interrupted-switch-failed = an earlier build or deploy was interrupted while switching the site in, and it cannot be repaired: { $error }
diag-interrupted-switch-failed-help = check the folders beside the output folder (.<name>.disclose-old), then run again
diag-previous-slugs-unreadable = cannot read the previous publication's slug map, so region and unit addresses are made afresh and may differ from the published ones: { $error }
diag-previous-slugs-unreadable-help = restore data/slugs.json from the last published copy of the site, then build again

diag-bad-number = the fine { $value } is not an amount: it must be a number of 10,000 yuan, 0 or more
diag-bad-number-help = write the fine in 万元 as a plain number, e.g. fine_10k_yuan: 2.5; leave it out if there was none
diag-evidence-type = evidence file { $file } has the type .{ $ext }, which is not published: only passive documents, images and archives are
diag-evidence-type-help = save it as PDF or an image (a web page: print it to PDF), or pack it in a zip; allowed types: { $allowed }
diag-evidence-content = evidence file { $file } is named .{ $ext } but its content is { $found }
diag-evidence-content-help = save it again in the format its name says, or give it the extension of what it is (allowed types: { $allowed })
diag-evidence-content-empty = evidence file { $file } is empty
diag-evidence-content-empty-help = copy the real file in again
diag-unknown-batch = batch { $value } is not one of the batches inspection { $inspection } lists
diag-unknown-batch-help = use a batch number listed under the inspection's batches: in site.yaml ({ $expected }), or add the batch there
diag-batch-without-inspection = batch { $value } is given but the record names no inspection
diag-batch-without-inspection-help = add inspection: with the id of the inspection that handed the case over, or remove batch:
diag-duplicate-seq = seq { $value } is already used in the same inspection and batch by { $file }:{ $line }
diag-duplicate-seq-help = every row of one official table needs its own 序号; renumber one of the two
diag-notice-reversed = the notice ends ({ $date }) before it starts ({ $other })
diag-notice-reversed-help = check whether from: and to: are swapped or mistyped
diag-notice-after-closure = the notice ends ({ $date }) after the case was closed ({ $other })
diag-notice-after-closure-help = the public notice (销号公示) comes before the closure: check the notice's to: and closed_on:
diag-cell-too-long = { $field } makes a cell of { $length } characters in records.xlsx, more than the { $limit } an Excel cell holds
diag-cell-too-long-help = shorten it to at most { $limit } characters: move long detail out of the summary and other fields into the record's body (the Markdown after the front matter), and put a body longer than that into a document (PDF or Word) listed under evidence:
diag-output-clash = { $producer } would be published at /{ $path }, where { $other } is published too
diag-output-clash-help = rename the file: one address can hold only one file, and generated pages, feeds and downloads keep theirs

# The producers of an output, as diag-output-clash names them: $name is a file, $what
# the kind of generated output.
output-static = the static file { $name }
output-evidence = the evidence listed at { $name }
output-generated = the generated { $what ->
        [atom-feed] Atom feed
        [region-feed] region feed
        [record-feed] record feed
        [facet-csv] CSV download
        [download] download
        [data-page] data page
        [search-index] search index
        [sitemap] sitemap
        [robots-txt] robots.txt
        [manifest] manifest
        [manifest-signature] manifest signature
       *[page] page
    }

# disclose import (09xx): import prints its own messages at the ledger's cell; these are
# the catalogue texts of the codes.
diag-import-no-header = no header row found in the first 20 rows of the sheet
diag-import-no-header-help = the table needs a row with at least two known headers (受理编号, 交办问题基本情况, 整改状态…); add yours with --mapping
diag-import-no-status-column = no column of the sheet gives the status
diag-import-no-status-column-help = name the status column 整改状态, 办结状态 or 是否办结, or map yours with --mapping
diag-import-no-kind = the sheet does not say the kind of its records
diag-import-no-kind-help = pass --kind feedback, lookback, complaint or task
diag-import-no-title-column = no column of the sheet gives a title or a problem description
diag-import-no-title-column-help = name it 标题, 问题 or 交办问题基本情况, or map yours with --mapping
diag-import-no-id = a row has no id: the sheet has neither an id column nor 序号
diag-import-no-id-help = add a 受理编号 (or 编号) column, or fill in 序号 in every row
diag-import-duplicate-id = two rows of the sheet have the same id; neither was imported
diag-import-duplicate-id-help = correct the id (or 序号) of all but one of them
diag-import-unknown-value = a cell holds a value the mapping does not know
diag-import-unknown-value-help = use one of the known words, or add yours under values: in a --mapping file
diag-import-bad-cell = a cell is not a date, a deadline or a whole number where one is needed
diag-import-bad-cell-help = write dates as 2022-06-30 or 2022年6月30日, deadlines also as 2022年6月底前, 长期坚持 or 立行立改
diag-import-missing-value = a row lacks a value every record needs
diag-import-missing-value-help = fill in the status (整改状态 or 是否办结) and a title or problem description
diag-import-record-exists = the record already exists
diag-import-record-exists-help = pass --update to merge the sheet into it
diag-import-cannot-rewrite = the record lives in a multi-record or .md file, which import does not rewrite
diag-import-cannot-rewrite-help = make the change in that file, or move the record into a file of its own
diag-import-unknown-record = a row of a detail sheet names an id the records sheet does not have
diag-import-unknown-record-help = add the record to the records sheet, or correct the id
diag-import-record-rule = the row's record breaks a record rule or the privacy guard
diag-import-record-rule-help = correct the cell named in the message and import again
diag-import-note-row = a note or total row was skipped
diag-import-note-row-help = nothing to do, unless the row is a record: then fill in its cells
diag-import-derived-ids = the sheet has no id column, so ids are made from 序号
diag-import-derived-ids-help = keep 序号 unchanged in later ledgers, or add an id column
diag-import-personal-column = a column of personal data was left out
diag-import-personal-column-help = nothing to do: personal data is never imported or published
