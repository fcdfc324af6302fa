import Foundation

/// What `GitFixture.state` captures.
struct RepositoryState: Equatable {
  /// A working-tree file.
  struct File: Equatable {
    var bytes: Data
    var mode: Int
  }

  var status: String
  var index: Data
  var headFile: Data
  var head: String
  var refs: String
  var files: [String: File]
}
