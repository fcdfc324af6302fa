extension GitError {
  /// The kinds of failure callers may want to tell apart.
  public enum Kind: String, Sendable, Hashable {
    /// No repository at (or, for discovery, above) the given path.
    case repositoryNotFound
    /// A revision, commit or object that does not exist (or is not a commit).
    case revisionNotFound
    /// A branch name git does not accept.
    case invalidBranchName
    /// The branch exists and replacing it was not asked for.
    case branchExists
    /// The branch is checked out in a working tree, so moving it would leave that working tree and index
    /// out of step with HEAD.
    case branchCheckedOut
    /// A path inside the repository that is absolute, escapes the root, or names `.git`.
    case invalidPath
    /// A path that names a directory, symbolic link or submodule where a file was expected (or the other way).
    case unsupportedEntry
    /// A set of changes that cannot be applied together (the same path twice, a file inside a file).
    case conflictingChanges
    /// A commit message that is empty once trailing whitespace and blank lines are dropped.
    case emptyMessage
    /// A name and e-mail that do not form a valid signature.
    case invalidSignature
    /// `user.name` or `user.email` is not set in the repository's configuration.
    case identityNotConfigured
    /// Any other libgit2 failure.
    case library
  }
}
