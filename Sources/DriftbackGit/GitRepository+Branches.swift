internal import CGit2

// MARK: - Branches

extension GitRepository {
  /// The commit `refs/heads/<name>` points at.
  ///
  /// - Returns: the commit, or `nil` when there is no such branch.
  /// - Throws: `GitError` of kind `invalidBranchName` when git does not accept `name` as a branch name.
  public func branchTip(_ name: String) throws -> GitObjectID? {
    try validateBranchName(name, attempted: "cannot read branch '\(name)' in \(location)")
    var oid = git_oid()
    let code = git_reference_name_to_id(&oid, handle, "refs/heads/\(name)")
    if code == GIT_ENOTFOUND.rawValue { return nil }
    try GitError.check(code, "git_reference_name_to_id", "cannot read branch '\(name)' in \(location)")
    return GitObjectID(oid)
  }

  /// Creates `refs/heads/<name>` at `commit`, or moves it there.
  ///
  /// Only the branch (and its reflog) changes: HEAD, the index and the working tree are left alone. That is why
  /// a branch checked out in a working tree is never moved: its working tree and index would silently stop
  /// matching HEAD.
  ///
  /// - Parameters:
  ///   - name: the branch name without `refs/heads/` (`driftback/1a2b3c`).
  ///   - commit: the commit the branch will point at.
  ///   - force: whether an existing branch is replaced; without it an existing branch is an error.
  ///   - reflogMessage: the reason recorded in the branch's reflog.
  /// - Throws: `GitError` of kind `invalidBranchName`, `branchExists` (without `force`), `branchCheckedOut`
  ///   (the branch is checked out in a working tree), or `revisionNotFound` (`commit` is not a commit).
  public func setBranch(_ name: String, to commit: GitObjectID, force: Bool, reflogMessage: String) throws {
    let attempted = "cannot set branch '\(name)' to \(commit.short) in \(location)"
    try validateBranchName(name, attempted: attempted)
    try withCommit(commit) { _ in }
    let refName = "refs/heads/\(name)"

    var existing: OpaquePointer?
    let lookup = git_reference_lookup(&existing, handle, refName)
    defer { git_reference_free(existing) }
    if lookup != GIT_ENOTFOUND.rawValue {
      try GitError.check(lookup, "git_reference_lookup", attempted)
    }
    if let existing {
      guard force else {
        let tip = git_reference_target(existing).map { " at \(GitObjectID($0).short)" } ?? ""
        throw GitError(
          .branchExists, attempted: attempted, reason: "the branch already exists\(tip)", code: GIT_EEXISTS.rawValue)
      }
      if !isBare {
        let checkedOut = git_branch_is_checked_out(existing)
        try GitError.check(checkedOut, "git_branch_is_checked_out", attempted)
        if checkedOut == 1 { throw checkedOutError(attempted) }
      }
    }
    // An unborn HEAD names a branch that does not exist yet; creating it would check out a whole tree
    // the working tree and index know nothing about.
    if !isBare && headTarget == refName { throw checkedOutError(attempted) }

    var reference: OpaquePointer?
    var oid = commit.oid
    let code = git_reference_create(&reference, handle, refName, &oid, force ? 1 : 0, reflogMessage)
    if code == GIT_EEXISTS.rawValue {
      throw GitError(
        .branchExists, attempted: attempted, reason: "the branch already exists", function: "git_reference_create",
        code: code)
    }
    try GitError.check(code, "git_reference_create", attempted)
    git_reference_free(reference)
  }

  /// The branch HEAD names, without `refs/heads/`: the checked-out branch of a working tree, or the default
  /// branch of a bare repository. `nil` when HEAD is detached or its branch has no commit yet.
  public var currentBranch: String? {
    guard git_repository_head_unborn(handle) == 0, let target = headTarget, target.hasPrefix("refs/heads/") else {
      return nil
    }
    return String(target.dropFirst("refs/heads/".count))
  }
}

// MARK: - Helpers

extension GitRepository {
  /// The reference HEAD points to (`refs/heads/main`), born or not; `nil` when HEAD is detached or unreadable.
  private var headTarget: String? {
    var head: OpaquePointer?
    guard git_reference_lookup(&head, handle, "HEAD") == 0 else { return nil }
    defer { git_reference_free(head) }
    return git_reference_symbolic_target(head).map { String(cString: $0) }
  }

  private func checkedOutError(_ attempted: String) -> GitError {
    GitError(
      .branchCheckedOut, attempted: attempted,
      reason: "the branch is checked out; moving it would leave the working tree and index out of step with HEAD")
  }

  /// Accepts what `git branch` accepts: a valid `refs/heads/<name>` that does not start with `-` and is not
  /// `HEAD`.
  private func validateBranchName(_ name: String, attempted: String) throws {
    var valid: Int32 = 0
    try GitError.check(git_branch_name_is_valid(&valid, name), "git_branch_name_is_valid", attempted)
    guard valid == 1 else {
      throw GitError(
        .invalidBranchName, attempted: attempted,
        reason: "'\(name)' is not a valid branch name (see `git check-ref-format --branch`)")
    }
  }
}
