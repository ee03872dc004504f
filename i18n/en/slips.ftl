# Hints for common slips (tabs, full-width punctuation…).

diag-slip-tab = this line has a tab character; YAML allows no tabs for indenting or separating
diag-slip-tab-help = replace the tab (shown as →) with spaces; keys of one level line up with the same number of spaces
diag-slip-fullwidth-colon = { $key } is followed by a full-width colon (：); YAML needs a half-width colon (:)
diag-slip-fullwidth-colon-help = write "{ $key }: " (half-width colon and a space); switch the input method to English punctuation
diag-slip-fullwidth-quote = this line quotes a value with full-width quotes (“” or ‘’); YAML needs half-width quotes
diag-slip-fullwidth-quote-help = use " or ' instead, or no quotes
diag-slip-no-space = { $key }: needs a space after the colon
diag-slip-no-space-help = write "{ $key }: " (a space after the colon)

# Hints about values: Chinese status words, usual ways of writing a date.
suggest-key = did you mean { $key } ({ $label })?
suggest-near = did you mean { $key }?
suggest-date = write the date as { $date } (year-month-day)
choice = { $key } ({ $label })
