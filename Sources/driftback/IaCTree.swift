import DriftbackGit
import DriftbackSyntax
import Foundation

/// Where the IaC is read from: the working tree, or one revision of the git repository that holds it (read
/// through libgit2, never by checking it out). A revision's files under the `--iac` roots are read once, up
/// front, and kept by the paths the user sees (`iac-samples/kubernetes/web.yaml`).
struct IaCTree: Sendable {
  /// The files of the revision by path; `nil` for the working tree.
  let files: [String: [UInt8]]?
  /// The revision as given, and the commit it resolved to.
  let revision: String?
  let commit: String?

  /// The working tree.
  static let workingTree = IaCTree(files: nil, revision: nil, commit: nil)

  /// The files under `roots` (folders or files, as given on the command line) at `revision` of the repository
  /// that holds them.
  /// In a bare `repository`, the roots are paths inside the repository.
  static func at(revision: String, roots: [String], repository given: GitRepository? = nil) throws -> IaCTree {
    guard let first = roots.first else { return .workingTree }
    let repository = try given ?? GitRepository.discover(containing: FileSystem.absolutePath(first))
    let workdir = repository.workingDirectory.map(FileSystem.resolvedPath)
    let commit = try repository.resolve(revision)
    var files: [String: [UInt8]] = [:]
    for root in roots {
      let relative: String
      if let workdir {
        let absolute = FileSystem.absolutePath(root)
        guard absolute == workdir || absolute.hasPrefix(workdir + "/") else {
          throw ArgumentParser.UsageError(message: "--iac \(root) is not inside the repository at \(workdir)")
        }
        relative = absolute == workdir ? "" : String(absolute.dropFirst(workdir.count + 1))
      } else {
        relative = Self.repositoryRelative(root)
      }
      let trimmedRoot = root.hasSuffix("/") ? String(root.dropLast()) : root
      // A folder lists its files; a file is read as it is.
      let listed = (try? repository.files(under: relative, at: commit)) ?? []
      if listed.isEmpty {
        guard !relative.isEmpty, let bytes = try repository.readFile(relative, at: commit) else {
          throw ArgumentParser.UsageError(message: "--iac \(root) does not exist at revision \(revision)")
        }
        files[trimmedRoot] = bytes
        continue
      }
      for path in listed {
        let inside = relative.isEmpty ? path : String(path.dropFirst(relative.count + 1))
        // Hidden files and folders are skipped, as in the working tree.
        if inside.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
        if let bytes = try repository.readFile(path, at: commit) { files[trimmedRoot + "/" + inside] = bytes }
      }
    }
    return IaCTree(files: files, revision: revision, commit: commit.hex)
  }

  /// A path given for a bare repository, as a path inside it (`./iac/` → `iac`).
  static func repositoryRelative(_ path: String) -> String {
    path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }.joined(separator: "/")
  }

  /// The files under a root (itself, when it is a file), sorted.
  func list(under root: String) throws -> [String] {
    guard let files else { return try FileSystem.files(under: root, accept: { _ in true }) }
    let trimmed = root.hasSuffix("/") ? String(root.dropLast()) : root
    if files[trimmed] != nil { return [trimmed] }
    return files.keys.filter { $0.hasPrefix(trimmed + "/") }.sorted()
  }

  /// Whether a path is a file or a folder of the tree.
  func exists(_ path: String) -> Bool {
    guard let files else { return FileSystem.exists(path) }
    let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
    return files[trimmed] != nil || files.keys.contains { $0.hasPrefix(trimmed + "/") }
  }

  /// The first bytes of a file.
  func prefix(of path: String, count: Int) -> [UInt8] {
    guard let files else { return FileSystem.prefix(of: path, count: count) }
    return Array((files[path] ?? []).prefix(count))
  }

  /// Reads a file: from the revision when it holds it, else from the file system (captures, variable
  /// files given elsewhere).
  func read(_ path: String) throws -> SourceFile {
    if let files, let bytes = files[path] { return SourceFile(path: path, bytes: bytes) }
    return try FileSystem.read(path)
  }

  /// The Terraform files of a module folder (not recursive).
  func moduleFiles(_ directory: String) -> [String]? {
    guard let files else { return Inputs.moduleFiles(directory) }
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    let entries = files.keys.filter { path in
      path.hasPrefix(prefix) && !path.dropFirst(prefix.count).contains("/")
        && (path.hasSuffix(".tf") || path.hasSuffix(".tf.json") || path.hasSuffix(".tfvars"))
    }
    return entries.isEmpty ? nil : entries.sorted()
  }
}
