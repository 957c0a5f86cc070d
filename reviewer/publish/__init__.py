"""Publishing a finished report where reviewers look: a pull-request comment on GitHub."""
