# Hints for common slips (tabs, full-width punctuation…).
