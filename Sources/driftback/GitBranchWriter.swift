import Driftback
import DriftbackGit
import DriftbackSyntax
import Foundation

/// `driftback backport --git-branch PREFIX` and `--single-branch NAME`: each back-port as a commit built
/// directly in the repository's object database, on a branch of its own (or all on one branch, one commit
/// each). The working tree, the index, HEAD and every other branch stay as they are.
struct GitBranchWriter {
  let repository: GitRepository
  /// The repository's working directory, symbolic links resolved; `nil` for a bare repository (paths are
  /// then paths inside the repository).
  let workdir: String?
  let base: GitObjectID
  let baseName: String
  let author: GitSignature
  let force: Bool
  let console: Console

  /// One line per branch written or left alone, for standard error.
  var log: [String] = []

  init(
    repository: GitRepository, base: GitObjectID, baseName: String, author: GitSignature, force: Bool,
    console: Console
  ) throws {
    self.repository = repository
    self.workdir = repository.workingDirectory.map(FileSystem.resolvedPath)
    self.base = base
    self.baseName = baseName
    self.author = author
    self.force = force
    self.console = console
  }

  /// The path of a planned file inside the repository.
  func repositoryPath(_ path: String) throws -> String {
    guard let workdir else { return IaCTree.repositoryRelative(path) }
    let absolute = FileSystem.absolutePath(path)
    guard absolute.hasPrefix(workdir + "/") else {
      throw ArgumentParser.UsageError(message: "\(path) is not inside the repository at \(workdir)")
    }
    return String(absolute.dropFirst(workdir.count + 1))
  }

  /// The changes of a plan, by repository path.
  func changes(of plan: BackportPlan) throws -> [String: [UInt8]?] {
    var changes: [String: [UInt8]?] = [:]
    for file in plan.files { changes[try repositoryPath(file.path)] = .some(file.edited) }
    return changes
  }

  /// Whether an existing branch may be written: absent, or `--force`. An existing branch is left alone
  /// otherwise (said on standard error).
  mutating func mayWrite(_ branch: String, finding: String?) throws -> Bool {
    guard let tip = try repository.branchTip(branch) else { return true }
    if force { return true }
    let message = try repository.commitMessage(tip)
    let what: String
    if let finding {
      what = message.contains("Driftback-Finding: \(finding)") ? "with this finding" : "and holds something else"
    } else {
      what = message.contains("Driftback-Finding: ") ? "with driftback back-ports" : "and holds something else"
    }
    log.append("left alone: branch \(branch) exists \(what) (--force replaces it)")
    return false
  }

  /// Refuses, before anything is written, branch names that cannot be written: a branch named like the
  /// prefix itself (`x` blocks `x/<id>`), or the branch checked out in this working tree.
  func preflight(_ branches: [String], prefix: String?) throws {
    if let prefix, try repository.branchTip(prefix) != nil {
      throw ArgumentParser.UsageError(
        message:
          "a branch named '\(prefix)' exists, so branches '\(prefix)/<finding-id>' cannot be made; choose another --git-branch prefix"
      )
    }
    if force, let current = repository.currentBranch, branches.contains(current) {
      throw ArgumentParser.UsageError(
        message: "--force would move '\(current)', the branch checked out here; check out another branch first")
    }
  }

  /// One branch per finding, from the base. Every commit is made first; the branches are moved only when
  /// all of them exist, so a failure leaves no half-written set.
  mutating func writeBranches(prefix: String, findings: [Finding], plans: [String: BackportPlan]) throws -> Int {
    let planned = findings.filter { !(plans[$0.id]?.files.isEmpty ?? true) }
    try preflight(planned.map { "\(prefix)/\($0.id)" }, prefix: prefix)
    var ready: [(branch: String, commit: GitObjectID, finding: Finding)] = []
    for finding in planned {
      guard let plan = plans[finding.id] else { continue }
      let branch = "\(prefix)/\(finding.id)"
      guard try mayWrite(branch, finding: finding.id) else { continue }
      let commit = try repository.commit(
        changes: try changes(of: plan), parent: base, message: Self.message(for: finding, baseName: baseName),
        author: author, committer: author)
      ready.append((branch, commit, finding))
    }
    for item in ready {
      try repository.setBranch(
        item.branch, to: item.commit, force: true,
        reflogMessage: "driftback: back-port \(item.finding.id) onto \(baseName)")
      log.append(
        "branch \(item.branch) \(String(item.commit.hex.prefix(12))): \(item.finding.resource) \(item.finding.path)")
    }
    return ready.count
  }

  /// All findings on one branch, one commit each: commit k holds the back-ports of the first k findings,
  /// planned together against the base so that edits of one file combine.
  mutating func writeSingleBranch(
    _ branch: String, findings: [Finding], plan: ([String]) -> BackportPlan
  ) throws -> Int {
    try preflight([branch], prefix: nil)
    guard try mayWrite(branch, finding: nil) else { return 0 }
    var parent = base
    var taken: [String] = []
    var written = 0
    for finding in findings {
      let cumulative = plan(taken + [finding.id])
      guard cumulative.applied.contains(where: { $0.finding.id == finding.id }) else { continue }
      taken.append(finding.id)
      parent = try repository.commit(
        changes: try changes(of: cumulative), parent: parent,
        message: Self.message(for: finding, baseName: baseName), author: author, committer: author)
      written += 1
    }
    guard written > 0 else { return 0 }
    try repository.setBranch(
      branch, to: parent, force: true, reflogMessage: "driftback: \(written) back-ports onto \(baseName)")
    log.append("branch \(branch) \(String(parent.hex.prefix(12))): \(written) commit\(written == 1 ? "" : "s")")
    return written
  }

  /// The commit message: what drifted, since when, the two values (redacted where secret), why the action is
  /// a back-port, and the `Driftback-Finding` trailer.
  static func message(for finding: Finding, baseName: String) -> String {
    let what = finding.path.isRoot ? "\(finding.resource)" : "\(finding.path) of \(finding.resource)"
    var lines = ["driftback: back-port \(what)", ""]
    let since = finding.firstSeen.map { " since capture \($0)" } ?? ""
    switch finding.kind {
    case .regression:
      lines.append(
        "A runtime patch of \(what) (\(finding.ecosystem.rawValue)) was lost\(finding.lastSeen.map { " after capture \($0)" } ?? ""); it was live\(since)."
      )
    default:
      lines.append("\(what) (\(finding.ecosystem.rawValue)) differs from the source\(since).")
    }
    lines.append("")
    lines.append("  IaC:  \(finding.iac.map { JSONWriter.compact($0, sortKeys: true) } ?? "(absent)")")
    lines.append("  live: \(finding.live.map { JSONWriter.compact($0, sortKeys: true) } ?? "(absent)")")
    lines.append("")
    if finding.involvesSecret {
      lines.append(
        "Why back-port: a secret written in source was changed at runtime; the source now references it instead of holding it (no value is written)."
      )
    } else if let security = finding.security {
      lines.append(
        "Why back-port: the live value \(security.direction == .strengthens ? "strengthens" : "changes") \(security.rule) (\(security.summary)); keeping it in source stops the next deploy from undoing it."
      )
    } else {
      lines.append(
        "Why back-port: a plain configuration change made at runtime; keeping it in source stops the next deploy from undoing it."
      )
    }
    lines.append("Edit: \(finding.backport.reason).")
    lines.append("")
    lines.append("Driftback-Finding: \(finding.id)")
    return lines.joined(separator: "\n") + "\n"
  }
}
