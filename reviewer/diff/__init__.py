"""Reading a change: unified diffs (file, stdin) and git revisions into a ChangeSet."""
