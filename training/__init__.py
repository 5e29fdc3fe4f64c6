"""The classifier's training project: assets (sentence banks, hand-written emails) → corpus →
train → evaluate. Not part of the installed package; see README.md."""
