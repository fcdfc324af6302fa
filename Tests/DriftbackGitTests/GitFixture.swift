import DriftbackGit
import Foundation

/// A fresh repository in its own temporary folder, built with the git CLI and removed when released.
///
/// The standard history:
/// 1. `first` (tagged `v1`): `README.md`, `iac/déploiement/web.yaml` (replicas 3), `iac/old.yaml`,
///    `scripts/deploy.sh` (executable).
/// 2. `second` (HEAD of `main`): `web.yaml` at replicas 4, `iac/db.yaml` added, `iac/old.yaml` deleted.
final class GitFixture {
  /// The temporary folder holding everything (the working tree, and a bare repository when asked for).
  let root: String
  /// The working tree of the repository.
  let workingDirectory: String

  /// The standard web.yaml at `first` and at `second`.
  static let webV1 = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n"
  static let webV2 = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n"
  static let webPath = "iac/déploiement/web.yaml"

  /// The signature the tests commit with: a fixed time, so commit ids are reproducible.
  static let signature = GitSignature(
    name: "Driftback Test", email: "driftback@example.com", time: 1_700_000_100, offsetMinutes: 60)

  /// Creates an empty folder; `initialize` is false for tests that need no repository in it.
  init(initialize: Bool = true) throws {
    let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
    root = base.appendingPathComponent("driftback-git-\(UUID().uuidString)").path
    workingDirectory = root + "/work"
    try FileManager.default.createDirectory(atPath: workingDirectory, withIntermediateDirectories: true)
    try Data().write(to: URL(fileURLWithPath: globalConfiguration))
    if initialize { try git("init", "-q", "-b", "main") }
  }

  deinit {
    try? FileManager.default.removeItem(atPath: root)
  }

  /// A repository holding the standard history.
  static func standard() throws -> GitFixture {
    let fixture = try GitFixture()
    try fixture.write("README.md", "# estate\n")
    try fixture.write(webPath, webV1)
    try fixture.write("iac/old.yaml", "old: true\n")
    try fixture.write("scripts/deploy.sh", "#!/bin/sh\nkubectl apply -f iac\n", executable: true)
    try fixture.git("add", "-A")
    try fixture.git("commit", "-q", "-m", "first")
    try fixture.git("tag", "-a", "v1", "-m", "version 1")
    try fixture.write(webPath, webV2)
    try fixture.write("iac/db.yaml", "kind: StatefulSet\n")
    try fixture.git("rm", "-q", "iac/old.yaml")
    try fixture.git("add", "-A")
    try fixture.git("commit", "-q", "-m", "second", "-m", "Adds the database.")
    return fixture
  }

  /// Leaves uncommitted work of every kind: a modified tracked file, an untracked file, a staged change.
  func makeDirty() throws {
    try write("README.md", "# estate\nwork in progress\n")
    try write("notes.txt", "untracked\n")
    try write("iac/db.yaml", "kind: StatefulSet\nspec: {}\n")
    try git("add", "iac/db.yaml")
  }

  /// The empty file git reads instead of the user's `~/.gitconfig`.
  var globalConfiguration: String { root + "/global.gitconfig" }

  /// Runs git in the working tree and returns its output without the final newline.
  @discardableResult
  func git(_ arguments: String...) throws -> String {
    try text(arguments)
  }

  /// Runs git in `directory` (the working tree by default) and returns its output.
  @discardableResult
  func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Data {
    try GitCLI.run(
      arguments, in: directory ?? workingDirectory, globalConfiguration: globalConfiguration, environment: environment)
  }

  /// Runs git in `directory` (the working tree by default) and returns its output without the final newline.
  @discardableResult
  func text(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> String {
    var text = String(decoding: try run(arguments, in: directory, environment: environment), as: UTF8.self)
    if text.hasSuffix("\n") { text.removeLast() }
    return text
  }

  /// Writes a file of the working tree, creating its folders.
  func write(_ path: String, _ text: String, executable: Bool = false) throws {
    let url = URL(fileURLWithPath: workingDirectory).appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: url.path)
  }

  /// Everything a user could lose: status, index, HEAD, refs other than `ignoring`, and the working tree.
  func state(ignoring branches: Set<String> = []) throws -> RepositoryState {
    let gitDirectory = workingDirectory + "/.git"
    // The index is read before `git status` runs (which, with GIT_OPTIONAL_LOCKS=0, does not write it anyway).
    let index = try Data(contentsOf: URL(fileURLWithPath: gitDirectory + "/index"))
    let headFile = try Data(contentsOf: URL(fileURLWithPath: gitDirectory + "/HEAD"))
    let refs = try git("for-each-ref", "--format=%(refname) %(objectname)").split(separator: "\n")
      .filter { line in !branches.contains { line.hasPrefix("refs/heads/\($0) ") } }
      .joined(separator: "\n")
    return RepositoryState(
      status: try git("status", "--porcelain=v1", "--untracked-files=all"), index: index, headFile: headFile,
      head: try git("rev-parse", "HEAD"), refs: refs, files: try workingTreeFiles())
  }

  private func workingTreeFiles() throws -> [String: RepositoryState.File] {
    var files: [String: RepositoryState.File] = [:]
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: workingDirectory) else { return files }
    while let relative = walker.nextObject() as? String {
      if relative == ".git" || relative.hasPrefix(".git/") {
        walker.skipDescendants()
        continue
      }
      let path = workingDirectory + "/" + relative
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
      let permissions = try manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? 0
      files[relative] = RepositoryState.File(bytes: try Data(contentsOf: URL(fileURLWithPath: path)), mode: permissions)
    }
    return files
  }
}
