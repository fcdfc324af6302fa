internal import CGit2

/// A git repository (with a working tree or bare), read and written through libgit2.
///
/// Writing never touches the working tree, the index or HEAD: commits are built directly in the object
/// database and branches are moved with `setBranch`, so uncommitted work stays exactly as it was.
///
/// Not `Sendable`: libgit2 allows one repository object to be used by one thread at a time. Open one per task.
public final class GitRepository {
  /// The owned `git_repository *`, freed in `deinit`.
  let handle: OpaquePointer

  private init(handle: OpaquePointer) {
    self.handle = handle
  }

  deinit {
    git_repository_free(handle)
  }

  // MARK: - Opening

  /// Finds the repository that contains `path`, walking up the folders the way `git` does.
  ///
  /// - Parameter path: a file or folder in a working tree, a `.git` folder, or a bare repository (or a
  ///   folder inside either).
  /// - Returns: the repository, with a working tree unless it is bare.
  /// - Throws: `GitError` of kind `repositoryNotFound` when no folder at or above `path` is a repository.
  public static func discover(containing path: String) throws -> GitRepository {
    GitLibrary.initialize()
    var handle: OpaquePointer?
    try GitError.check(
      git_repository_open_ext(&handle, path, 0, nil), "git_repository_open_ext", kind: .repositoryNotFound,
      "cannot find a git repository at or above '\(path)'")
    return GitRepository(handle: handle!)
  }

  /// Opens exactly the repository at `path`, without looking in the folders above.
  ///
  /// - Parameter path: the top of a working tree, its `.git` folder, or a bare repository.
  /// - Throws: `GitError` of kind `repositoryNotFound` when `path` is not a repository.
  public init(path: String) throws {
    GitLibrary.initialize()
    var handle: OpaquePointer?
    try GitError.check(
      git_repository_open(&handle, path), "git_repository_open", kind: .repositoryNotFound,
      "cannot open git repository '\(path)'")
    self.handle = handle!
  }

  // MARK: - Shape

  /// Whether the repository has no working tree.
  public var isBare: Bool { git_repository_is_bare(handle) == 1 }

  /// The top of the working tree, without a trailing slash; `nil` for a bare repository.
  public var workingDirectory: String? {
    git_repository_workdir(handle).map { String(cString: $0).withoutTrailingSlash }
  }

  /// The `.git` folder (or the bare repository's folder), without a trailing slash.
  public var gitDirectory: String { String(cString: git_repository_path(handle)).withoutTrailingSlash }

  /// The folder named in messages: the working tree, or the git folder of a bare repository.
  var location: String { workingDirectory ?? gitDirectory }

  // MARK: - Revisions

  /// Resolves a revision to the commit it names.
  ///
  /// - Parameter revision: anything `git rev-parse` takes: `HEAD`, a branch, a tag (annotated tags are
  ///   peeled), a full or abbreviated id, `HEAD~1`, `main^2`, `@{-1}`…
  /// - Returns: the commit's id.
  /// - Throws: `GitError` of kind `revisionNotFound` when the revision does not exist or does not name a
  ///   commit.
  public func resolve(_ revision: String) throws -> GitObjectID {
    let attempted = "cannot resolve revision '\(revision)' in \(location)"
    guard !revision.isEmpty else { throw GitError(.revisionNotFound, attempted: attempted, reason: "it is empty") }
    var object: OpaquePointer?
    try GitError.check(
      git_revparse_single(&object, handle, revision), "git_revparse_single", kind: .revisionNotFound, attempted)
    defer { git_object_free(object) }
    var commit: OpaquePointer?
    try GitError.check(
      git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel", kind: .revisionNotFound,
      "\(attempted) to a commit")
    defer { git_object_free(commit) }
    return GitObjectID(git_object_id(commit))
  }
}

// `GitRepository` must not cross threads: libgit2 repositories are not safe for concurrent use.
@available(*, unavailable)
extension GitRepository: Sendable {}
