import Foundation
import Testing

/// `driftback backport --git-branch` / `--single-branch` on real repositories made in temporary folders: the
/// branches are checked with the git CLI, and the user's working tree, index and HEAD must not move.
/// The git CLI, which only the tests use (to build repositories and check what driftback made).
let gitCLI: String? = ["/usr/bin/git", "/usr/local/bin/git", "/bin/git"].first {
  FileManager.default.isExecutableFile(atPath: $0)
}

@Suite("driftback backport --git-branch (CLI)", .enabled(if: gitCLI != nil, "the git CLI is not installed"))
struct GitBranchCLITests {
  static let git = gitCLI
  static let capture = "snapshots/2026-11-21T02-00Z"
  static let environment = ["DRIFTBACK_COMMIT_TIME": "1795838400"]

  /// Runs git in a folder with a fixed identity and no user or system configuration.
  @discardableResult
  static func run(_ arguments: [String], in directory: URL, allowFailure: Bool = false) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(git))
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_GLOBAL"] = directory.appendingPathComponent(".no-global-config").path
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_AUTHOR_DATE"] = "2026-11-22T08:00:00Z"
    environment["GIT_COMMITTER_DATE"] = "2026-11-22T08:00:00Z"
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    if !allowFailure { #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")): \(text)") }
    return text
  }

  /// A repository holding the samples, one commit, with a dirty working tree (a modified tracked file, an
  /// untracked file and a staged change).
  static func repository() throws -> URL {
    let directory = try CLIRunner.copyOfSamples()
    try "".write(to: directory.appendingPathComponent(".no-global-config"), atomically: true, encoding: .utf8)
    try run(["init", "-q", "-b", "main"], in: directory)
    try run(["config", "user.name", "Ops Bot"], in: directory)
    try run(["config", "user.email", "ops@example.invalid"], in: directory)
    try run(["add", "-A"], in: directory)
    try run(["commit", "-q", "-m", "samples"], in: directory)
    return directory
  }

  static func dirty(_ directory: URL) throws {
    let web = directory.appendingPathComponent("iac-samples/kubernetes/web.yaml")
    try (try String(contentsOf: web, encoding: .utf8) + "# local edit, not committed\n").write(
      to: web, atomically: true, encoding: .utf8)
    try "scratch\n".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let configmap = directory.appendingPathComponent("iac-samples/kubernetes/configmap.yaml")
    try (try String(contentsOf: configmap, encoding: .utf8) + "# staged\n").write(
      to: configmap, atomically: true, encoding: .utf8)
    try run(["add", "iac-samples/kubernetes/configmap.yaml"], in: directory)
  }

  /// Everything a back-port branch must not touch: HEAD, the index, the status and every file's bytes.
  static func state(_ directory: URL) throws -> [String: Data] {
    var state: [String: Data] = [:]
    state["HEAD"] = Data(try run(["rev-parse", "HEAD"], in: directory).utf8)
    state["HEAD file"] = try Data(contentsOf: directory.appendingPathComponent(".git/HEAD"))
    state["index"] = try Data(contentsOf: directory.appendingPathComponent(".git/index"))
    state["status"] = Data(try run(["status", "--porcelain"], in: directory).utf8)
    let enumerator = FileManager.default.enumerator(atPath: directory.path)
    while let path = enumerator?.nextObject() as? String {
      guard !path.hasPrefix(".git/"), path != ".git" else { continue }
      let url = directory.appendingPathComponent(path)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
        state[path] = try Data(contentsOf: url)
      }
    }
    return state
  }

  @Test func oneBranchPerFindingFromHeadWithoutTouchingTheWorkingTree() throws {
    let directory = try Self.repository()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.dirty(directory)
    let head = try Self.run(["rev-parse", "HEAD"], in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
    let before = try Self.state(directory)
    let result = try CLIRunner.run(
      ["backport", "--git-branch", "driftback", "--live", Self.capture], in: directory, environment: Self.environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(try Self.state(directory) == before, "the working tree, index or HEAD changed")

    let branches = try Self.run(["branch", "--list", "driftback/*", "--format=%(refname:short)"], in: directory)
      .split(separator: "\n").map(String.init)
    #expect(branches.contains("driftback/e9aad0c422b1"))  // spec.replicas of Deployment.apps/shop/web
    #expect(branches.contains("driftback/5308940e8b83"))  // tags.scanned-by of aws_s3_bucket.assets
    #expect(branches.count >= 10)
    for branch in branches {
      // One commit on top of HEAD, whose message names the finding.
      #expect(try Self.run(["rev-parse", "\(branch)^"], in: directory).hasPrefix(head))
      let message = try Self.run(["log", "-1", "--format=%B", branch], in: directory)
      #expect(message.contains("Driftback-Finding: \(branch.dropFirst("driftback/".count))"))
      #expect(message.contains("Why back-port:"))
      #expect(
        try Self.run(["log", "-1", "--format=%an <%ae>", branch], in: directory) == "Ops Bot <ops@example.invalid>\n")
    }
    // The replicas branch changes exactly web.yaml's replicas; its diff applies to a clean checkout of HEAD.
    let diff = try Self.run(["diff", "HEAD", "driftback/e9aad0c422b1"], in: directory)
    #expect(diff.contains("-  replicas: 3\n+  replicas: 5\n"))
    #expect(
      try Self.run(["diff", "--stat", "HEAD", "driftback/e9aad0c422b1"], in: directory).contains("1 file changed"))
    let scratch = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let clean = scratch.appendingPathComponent("clean")
    try Self.run(["clone", "-q", directory.path, clean.path], in: directory)
    try diff.write(to: scratch.appendingPathComponent("p.diff"), atomically: true, encoding: .utf8)
    try Self.run(["apply", "--check", scratch.appendingPathComponent("p.diff").path], in: clean)
    // The commit is sound.
    try Self.run(["fsck", "--strict", "--no-progress"], in: directory)

    // Again: existing branches are left alone and said so; --force replaces them.
    let again = try CLIRunner.run(
      ["backport", "--git-branch", "driftback", "--live", Self.capture], in: directory, environment: Self.environment)
    #expect(again.status == 0)
    #expect(again.stderr.contains("left alone: branch driftback/e9aad0c422b1 exists with this finding"))
    let tip = try Self.run(["rev-parse", "driftback/e9aad0c422b1"], in: directory)
    let forced = try CLIRunner.run(
      [
        "backport", "--git-branch", "driftback", "--live", Self.capture, "--force", "--author",
        "Sec Team <sec@example.invalid>",
      ],
      in: directory, environment: Self.environment)
    #expect(forced.status == 0)
    #expect(try Self.run(["rev-parse", "driftback/e9aad0c422b1"], in: directory) != tip)
    #expect(
      try Self.run(["log", "-1", "--format=%an", "driftback/e9aad0c422b1"], in: directory) == "Sec Team\n")
    #expect(try Self.state(directory) == before)
  }

  @Test func allFindingsOnOneBranchOneCommitEach() throws {
    let directory = try Self.repository()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try CLIRunner.run(
      [
        "backport", "--single-branch", "driftback/all", "--live", Self.capture, "--iac", "iac-samples/kubernetes",
      ], in: directory, environment: Self.environment)
    #expect(result.status == 0, "\(result.stderr)")
    let count = try Self.run(["rev-list", "--count", "main..driftback/all"], in: directory)
    #expect(count == "4\n")
    // Two findings of web.yaml: the last commit's tree holds both.
    let web = try Self.run(["show", "driftback/all:iac-samples/kubernetes/web.yaml"], in: directory)
    #expect(web.contains("replicas: 5"))
    #expect(web.contains("ghcr.io/acme/shop-web:1.4.3"))
    let subjects = try Self.run(["log", "--format=%s", "main..driftback/all"], in: directory)
    #expect(subjects.split(separator: "\n").allSatisfy { $0.hasPrefix("driftback: back-port ") })
  }

  @Test func nonASCIIPathsAndABareRepository() throws {
    let directory = try Self.repository()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.moveItem(
      at: directory.appendingPathComponent("iac-samples/kubernetes"),
      to: directory.appendingPathComponent("iac-samples/déploiement"))
    try Self.run(["add", "-A"], in: directory)
    try Self.run(["commit", "-q", "-m", "rename"], in: directory)
    let result = try CLIRunner.run(
      [
        "backport", "--git-branch", "fix", "--live", Self.capture + "/kubernetes", "--iac", "iac-samples/déploiement",
        "--finding", "e9aad0c422b1",
      ], in: directory, environment: Self.environment)
    #expect(result.status == 0, "\(result.stderr)")
    let changed = try Self.run(["diff", "--name-only", "-z", "HEAD", "fix/e9aad0c422b1"], in: directory)
    #expect(changed == "iac-samples/déploiement/web.yaml\u{0}")

    // A bare clone: --repo names it, --iac is a path inside it.
    let bare = directory.appendingPathComponent("bare.git")
    try Self.run(["clone", "-q", "--bare", directory.path, bare.path], in: directory)
    let fromBare = try CLIRunner.run(
      [
        "backport", "--git-branch", "fix", "--repo", bare.path, "--iac", "iac-samples/déploiement", "--live",
        Self.capture + "/kubernetes", "--finding", "e9aad0c422b1",
      ], in: directory, environment: Self.environment)
    #expect(fromBare.status == 0, "\(fromBare.stderr)")
    let bareDiff = try Self.run(["--git-dir", bare.path, "diff", "main", "fix/e9aad0c422b1"], in: directory)
    #expect(bareDiff.contains("+  replicas: 5"))
  }

  @Test func aMissingRepositoryOrABadRevisionIsAClearError() throws {
    let directory = try CLIRunner.copyOfSamples()
    defer { try? FileManager.default.removeItem(at: directory) }
    let noRepository = try CLIRunner.run(
      ["backport", "--git-branch", "x", "--live", Self.capture], in: directory, environment: Self.environment)
    #expect(noRepository.status == 2)
    #expect(noRepository.stderr.contains("error: no git repository at or above iac-samples"))
    let repository = try Self.repository()
    defer { try? FileManager.default.removeItem(at: repository) }
    let badBase = try CLIRunner.run(
      ["backport", "--git-branch", "x", "--base", "no-such-rev", "--live", Self.capture], in: repository,
      environment: Self.environment)
    #expect(badBase.status == 2)
    #expect(badBase.stderr.contains("--base no-such-rev: cannot resolve revision 'no-such-rev'"))
    // A branch named like the prefix blocks PREFIX/<id>: refused before anything is written.
    try Self.run(["branch", "blocked"], in: repository)
    let blocked = try CLIRunner.run(
      ["backport", "--git-branch", "blocked", "--live", Self.capture], in: repository, environment: Self.environment)
    #expect(blocked.status == 2)
    #expect(blocked.stderr.contains("a branch named 'blocked' exists"))
    #expect(try Self.run(["branch", "--list", "blocked/*"], in: repository).isEmpty)
    let revision = try CLIRunner.run(
      ["backport", "--git-branch", "x", "--iac-rev", "HEAD", "--live", Self.capture], in: repository,
      environment: Self.environment)
    #expect(revision.status == 2)
    #expect(revision.stderr.contains("read the IaC from --base"))
    let both = try CLIRunner.run(
      ["backport", "--git-branch", "x", "--apply", "--live", Self.capture], in: repository,
      environment: Self.environment)
    #expect(both.status == 2)
  }
}
