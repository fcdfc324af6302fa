internal import CGit2

// MARK: - History

extension GitRepository {
  /// The newest commit on the first-parent line of `start` whose committer time is at or before `time`
  /// (seconds since the epoch): what `start`'s branch held at that moment. `nil` when every commit is later.
  public func lastCommit(atOrBefore time: Int64, from start: GitObjectID) throws -> GitObjectID? {
    let attempted = "cannot walk the history of \(start.short) in \(location)"
    var walker: OpaquePointer?
    try GitError.check(git_revwalk_new(&walker, handle), "git_revwalk_new", attempted)
    defer { git_revwalk_free(walker) }
    try GitError.check(git_revwalk_sorting(walker, GIT_SORT_TIME.rawValue), "git_revwalk_sorting", attempted)
    git_revwalk_simplify_first_parent(walker)
    var oid = start.oid
    try GitError.check(git_revwalk_push(walker, &oid), "git_revwalk_push", attempted)
    var next = git_oid()
    var steps = 0
    while git_revwalk_next(&next, walker) == 0 {
      steps += 1
      if steps > 1_000_000 { return nil }
      var commit: OpaquePointer?
      try GitError.check(git_commit_lookup(&commit, handle, &next), "git_commit_lookup", attempted)
      defer { git_commit_free(commit) }
      if Int64(git_commit_time(commit)) <= time { return GitObjectID(next) }
    }
    return nil
  }
}
