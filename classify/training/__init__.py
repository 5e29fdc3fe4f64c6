"""The training corpus: sentence banks, hand-written emails and the generator that joins them."""
