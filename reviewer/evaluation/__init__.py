"""Labelled cases and how well the rules do on them: the case format, materializing a case as
a git repository and as a bare diff, and scoring findings against what a reviewer expects."""
