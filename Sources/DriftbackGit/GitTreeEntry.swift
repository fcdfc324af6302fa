internal import CGit2

/// What a path names in a tree.
enum GitTreeEntry: Hashable {
  /// A regular file, executable or not.
  case file(GitObjectID, executable: Bool)
  /// A folder.
  case directory(GitObjectID)
  /// A symbolic link.
  case symbolicLink(GitObjectID)
  /// A submodule (a commit of another repository).
  case submodule(GitObjectID)

  /// Classifies a libgit2 tree entry.
  init(_ entry: OpaquePointer) {
    let id = GitObjectID(git_tree_entry_id(entry))
    switch git_tree_entry_filemode(entry) {
    case GIT_FILEMODE_TREE: self = .directory(id)
    case GIT_FILEMODE_BLOB_EXECUTABLE: self = .file(id, executable: true)
    case GIT_FILEMODE_LINK: self = .symbolicLink(id)
    case GIT_FILEMODE_COMMIT: self = .submodule(id)
    default: self = .file(id, executable: false)
    }
  }

  /// Whether the entry is a folder.
  var isDirectory: Bool {
    if case .directory = self { return true }
    return false
  }

  /// How the entry is named in messages.
  var noun: String {
    switch self {
    case .file: "a file"
    case .directory: "a directory"
    case .symbolicLink: "a symbolic link"
    case .submodule: "a submodule"
    }
  }
}
