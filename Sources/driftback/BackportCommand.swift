import Driftback
import DriftbackGit
import DriftbackSyntax
import Foundation

/// `driftback backport`: write the IaC edits that carry runtime patches into source.
struct BackportCommand {
  static let help = """
    USAGE: driftback backport [--iac DIR]... [--live PATH]... [--snapshots DIR] [--namespace NS]
                              [--finding ID]... [--apply | --output FILE]
           driftback backport ... (--git-branch PREFIX | --single-branch NAME) [--repo DIR] [--base REV]
                              [--author "Name <email>"] [--force]

    Writes one minimal, format-preserving edit per finding: a changed scalar keeps its quoting, an added
    key goes after its last sibling with the siblings' indentation, a removed key takes its lines with it;
    comments and every other byte stay as they were. Each edit is verified by re-parsing the edited file
    and comparing it with the live object again; an edit that does not settle its finding is dropped.

    By default every finding whose action is backport is taken. Name findings with --finding ID (from
    the report) to choose; an unmanaged object named this way becomes a new manifest file.

    OPTIONS:
      --iac, --live, --snapshots, --namespace, --var-file, --tf-schema, --parameters, --pseudo, --stack,
      --ignore, --now    as for 'driftback report'; a suppressed finding is never back-ported
      --finding ID       back-port this finding; repeatable
      --apply            edit the files in place (atomically; refuses files changed since they were read)
      --output FILE      write the unified diff to FILE instead of standard output
      --git-branch PREFIX
                         one branch PREFIX/<finding-id> per finding, from --base, holding one commit
                         with that finding's edit; built in the object database with libgit2: the working
                         tree, the index, HEAD and other branches stay untouched
      --single-branch NAME
                         all findings on one branch NAME, one commit each
      --repo DIR         the git repository (default: the one holding the first --iac)
      --base REV         the revision the branches start from (default: HEAD); the IaC is read from it
      --author "N <e>"   author and committer (default: user.name and user.email of the repository)
      --force            with --finding: back-port findings whose action is revert or review (never
                         secrets); with --git-branch: also replace existing branches (without it they are
                         left alone and reported)
      --quiet            no progress on standard error (it is shown only on a terminal anyway)
      -h, --help         show this help

    The diff on standard output is accepted by 'git apply', except where a secret's back-port moves a
    literal secret out of source (into a sensitive variable, a dynamic reference or a secretKeyRef): its old
    lines are shown redacted, so write those with --apply or --git-branch. A secret value is never written.
    EXIT CODES: 0 done (or nothing to do), 1 some selected findings could not be back-ported, 2 error.

    """

  static func run(_ arguments: [String], console: Console) throws -> Int32 {
    var options = Inputs.options
    options["finding"] = .repeated
    options["apply"] = .flag
    options["output"] = .single
    options["help"] = .flag
    options["git-branch"] = .single
    options["single-branch"] = .single
    options["repo"] = .single
    options["base"] = .single
    options["author"] = .single
    options["force"] = .flag
    let parser = ArgumentParser(command: "backport", options: options, aliases: ["-h": "--help", "-o": "--output"])
    var parsed = try parser.parse(arguments)
    parsed.relativizeInputPaths()
    if parsed.has("help") {
      console.out(help)
      return 0
    }
    ProgressLine.shared.enable(quiet: parsed.has("quiet"))
    if parsed.has("apply"), parsed.has("output") {
      throw ArgumentParser.UsageError(message: "--apply and --output cannot be used together")
    }
    if parsed.value("git-branch") != nil || parsed.value("single-branch") != nil {
      return try runGit(parsed, console: console)
    }
    for option in ["repo", "base", "author"] where parsed.value(option) != nil {
      throw ArgumentParser.UsageError(message: "--\(option) goes with --git-branch or --single-branch")
    }
    let inputs = try Inputs.resolve(parsed)
    try inputs.checkOutput(parsed.value("output"))
    let today = try Inputs.today(parsed)
    let rules = try Inputs.ignoreRules(parsed)
    let analysis = Inputs.applyingIgnoreRules(
      rules, today: today, to: try inputs.analyzeWithHistory(parsed, redactor: console.redactor))
    for diagnostic in analysis.diagnostics where diagnostic.severity != .note { console.report(diagnostic) }
    if analysis.hasErrors { return 2 }

    let ids = parsed.all("finding")
    let iacRoots = parsed.all("iac").isEmpty ? ["iac-samples"] : parsed.all("iac")
    if parsed.has("force") && ids.isEmpty {
      throw ArgumentParser.UsageError(
        message: "--force back-ports findings named with --finding whose action is revert or review; name them")
    }
    let plan = BackportPlanner(force: parsed.has("force")).plan(
      analysis, selection: ids.isEmpty ? .defaultBackports : .ids(ids), defaultNamespace: inputs.namespace,
      newManifestPath: { finding in newManifestPath(for: finding, analysis: analysis, iacRoots: iacRoots) },
      exists: FileSystem.exists)
    for diagnostic in plan.diagnostics { console.report(diagnostic) }
    if plan.diagnostics.contains(where: { $0.severity == .error }) { return 2 }

    if parsed.has("apply") {
      try FileSystem.writeAllOrNothing(
        plan.files.map { FileSystem.PlannedWrite(path: $0.path, bytes: $0.edited, expected: .some($0.original)) })
      for applied in plan.applied {
        let what = applied.finding.path.isRoot ? "(new manifest)" : applied.finding.path.description
        console.err("back-ported \(applied.finding.id) \(applied.finding.resource) \(what) into \(applied.path)\n")
      }
    } else {
      let diffs = plan.files.map {
        (
          path: $0.path,
          diff: $0.unifiedDiff(path: FileSystem.relativeToWorkingDirectory($0.path), redactor: console.redactor)
        )
      }
      let diff = diffs.map(\.diff.text).joined()
      if let output = parsed.value("output") {
        try FileSystem.writeAtomically(Array(diff.utf8), to: output)
      } else {
        console.out(diff)
      }
      for item in diffs where item.diff.isRedacted {
        console.err(
          "note: the diff of \(FileSystem.relativeToWorkingDirectory(item.path)) moves a secret out of source and "
            + "shows the old lines redacted, so 'git apply' cannot apply it; write it with --apply or --git-branch\n")
      }
    }
    for file in plan.files where file.original == nil {
      let directory = URL(fileURLWithPath: file.path).deletingLastPathComponent().relativePath
      let kustomization = (directory == "." ? "" : directory + "/") + "kustomization.yaml"
      if FileSystem.exists(kustomization) {
        console.err(
          "note: add \(URL(fileURLWithPath: file.path).lastPathComponent) to the resources of \(kustomization)\n")
      }
    }
    if plan.applied.isEmpty && !plan.hasDropped {
      console.err("nothing to back-port\n")
    }
    return plan.hasDropped ? 1 : 0
  }

  /// The proposed back-port of each finding `backport` would take by default, planned and verified one finding
  /// at a time, as a unified diff (for the reports that show them). At most `limit` findings are planned.
  /// Unlike a patch for `git apply`, a diff shown in a report has every line redacted: an unchanged line next
  /// to the edit may hold a secret written in the source.
  static func diffsByFinding(
    _ analysis: Analysis, namespace: String, iacRoots: [String], redactor: Redactor, limit: Int = 200
  ) -> [String: String] {
    let chosen = analysis.findings.filter {
      ($0.kind == .runtimePatch || $0.kind == .regression) && $0.action == .backport && $0.backport.possible
        && $0.suppressedBy == nil
    }.prefix(limit)
    var diffs: [String: String] = [:]
    for (index, finding) in chosen.enumerated() {
      ProgressLine.shared.update("planning back-port diffs: \(index + 1) of \(chosen.count)")
      let plan = BackportPlanner().plan(
        analysis, selection: .ids([finding.id]), defaultNamespace: namespace,
        newManifestPath: { finding in newManifestPath(for: finding, analysis: analysis, iacRoots: iacRoots) },
        exists: FileSystem.exists)
      guard !plan.hasDropped, !plan.files.isEmpty else { continue }
      diffs[finding.id] = plan.files.map {
        $0.unifiedDiff(
          path: FileSystem.relativeToWorkingDirectory($0.path), redactor: redactor, knownSecrets: analysis.secretTexts
        ).text
      }.joined()
    }
    return diffs
  }

  /// `--git-branch PREFIX` / `--single-branch NAME`: the back-ports as commits on branches, built from the base
  /// revision's IaC (read through libgit2), never touching the working tree, the index or HEAD.
  static func runGit(_ parsed: ArgumentParser.Parsed, console: Console) throws -> Int32 {
    let prefix = parsed.value("git-branch")
    let single = parsed.value("single-branch")
    if prefix != nil, single != nil {
      throw ArgumentParser.UsageError(message: "--git-branch and --single-branch cannot be used together")
    }
    if parsed.has("apply") || parsed.value("output") != nil {
      throw ArgumentParser.UsageError(
        message: "--git-branch and --single-branch write branches, not files: drop --apply/--output")
    }
    if parsed.value("iac-rev") != nil {
      throw ArgumentParser.UsageError(
        message: "--git-branch and --single-branch read the IaC from --base; drop --iac-rev (or give it as --base)")
    }
    let iacRoots = parsed.all("iac").isEmpty ? ["iac-samples"] : parsed.all("iac")
    let repositoryPath = parsed.value("repo") ?? iacRoots[0]
    guard FileSystem.exists(repositoryPath) else {
      throw ArgumentParser.UsageError(message: "--repo: no such directory: \(repositoryPath)")
    }
    let repository: GitRepository
    do {
      repository = try GitRepository.discover(containing: FileSystem.absolutePath(repositoryPath))
    } catch {
      throw ArgumentParser.UsageError(message: "no git repository at or above \(repositoryPath): \(error)")
    }
    if repository.isBare, parsed.value("repo") == nil {
      throw ArgumentParser.UsageError(message: "\(repositoryPath) is in a bare repository; name it with --repo")
    }
    let baseName = parsed.value("base") ?? "HEAD"
    let base: GitObjectID
    do {
      base = try repository.resolve(baseName)
    } catch {
      throw ArgumentParser.UsageError(message: "--base \(baseName): \(error)")
    }
    let author: GitSignature
    let now =
      ProcessInfo.processInfo.environment["DRIFTBACK_COMMIT_TIME"].flatMap { Int64($0) }
      ?? Int64(Date().timeIntervalSince1970)
    do {
      let environment = ProcessInfo.processInfo.environment
      if let text = parsed.value("author") {
        author = try GitSignature.parse(text, time: now, offsetMinutes: 0)
      } else if let name = environment["GIT_AUTHOR_NAME"], let email = environment["GIT_AUTHOR_EMAIL"],
        !name.isEmpty, !email.isEmpty
      {
        // As git does: the environment names the author before the configuration.
        author = try GitSignature.parse("\(name) <\(email)>", time: now, offsetMinutes: 0)
      } else {
        var configured = try repository.defaultSignature()
        configured.time = now
        configured.offsetMinutes = 0
        author = configured
      }
    } catch {
      throw ArgumentParser.UsageError(message: "\(error); give --author \"Name <email>\"")
    }
    // The IaC as the base revision has it: the branches are made from there.
    // In a bare repository (--repo), --iac names paths inside the repository.
    let tree = try IaCTree.at(revision: baseName, roots: iacRoots, repository: repository)
    let inputs = try Inputs.resolve(parsed, tree: tree)
    let today = try Inputs.today(parsed)
    let rules = try Inputs.ignoreRules(parsed)
    let analysis = Inputs.applyingIgnoreRules(
      rules, today: today, to: try inputs.analyzeWithHistory(parsed, redactor: console.redactor))
    for diagnostic in analysis.diagnostics where diagnostic.severity != .note { console.report(diagnostic) }
    if analysis.hasErrors { return 2 }
    let planner = BackportPlanner(force: parsed.has("force") && !parsed.all("finding").isEmpty)
    let ids = parsed.all("finding")
    let selected: [Finding]
    if ids.isEmpty {
      selected = analysis.findings.filter {
        ($0.kind == .runtimePatch || $0.kind == .regression) && $0.action == .backport && $0.backport.possible
          && $0.suppressedBy == nil
      }
    } else {
      let probe = planner.plan(
        analysis, selection: .ids(ids), defaultNamespace: inputs.namespace, newManifestPath: { _ in nil },
        exists: { _ in false })
      for diagnostic in probe.diagnostics where diagnostic.severity == .error { console.report(diagnostic) }
      if probe.diagnostics.contains(where: { $0.severity == .error }) { return 2 }
      selected = analysis.findings.filter { finding in ids.contains { finding.id == $0 || finding.id.hasPrefix($0) } }
    }
    func plan(_ chosen: [String]) -> BackportPlan {
      planner.plan(
        analysis, selection: .ids(chosen), defaultNamespace: inputs.namespace, newManifestPath: { _ in nil },
        exists: { tree.exists($0) })
    }
    var writer = try GitBranchWriter(
      repository: repository, base: base, baseName: baseName, author: author, force: parsed.has("force"),
      console: console)
    var dropped = false
    var written = 0
    do {
      try write()
    } catch {
      // What was written before the failure is said, then the error.
      for line in writer.log { console.err(line + "\n") }
      throw error
    }
    func write() throws {
      if let prefix {
        var plans: [String: BackportPlan] = [:]
        for finding in selected {
          let single = plan([finding.id])
          for diagnostic in single.diagnostics { console.report(diagnostic) }
          dropped = dropped || single.hasDropped
          plans[finding.id] = single
        }
        written = try writer.writeBranches(prefix: prefix, findings: selected, plans: plans)
      } else if let single {
        let all = plan(selected.map(\.id))
        for diagnostic in all.diagnostics { console.report(diagnostic) }
        dropped = all.hasDropped
        let planned = selected.filter { finding in all.applied.contains { $0.finding.id == finding.id } }
        written = try writer.writeSingleBranch(single, findings: planned, plan: plan)
      }
    }
    for line in writer.log { console.err(line + "\n") }
    if written == 0 && writer.log.isEmpty && !dropped { console.err("nothing to back-port\n") }
    return dropped ? 1 : 0
  }

  /// Where a new manifest for an unmanaged object goes: next to the IaC files of the same namespace, named
  /// `<kind>-<name>.yaml`.
  static func newManifestPath(for finding: Finding, analysis: Analysis, iacRoots: [String]) -> String? {
    let parts = finding.resource.text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard let name = parts.last, let kindAndGroup = parts.first else { return nil }
    let kind = kindAndGroup.split(separator: ".").first.map(String.init)?.lowercased() ?? "object"
    let namespace = parts.count == 3 ? parts[1] : nil
    var directory: String?
    if let namespace {
      let sameNamespace = analysis.iacResources.values
        .filter { $0.address.text.split(separator: "/").dropFirst().first.map(String.init) == namespace }
        .compactMap { $0.source?.path }
        .sorted()
      directory = sameNamespace.first.map { URL(fileURLWithPath: $0).deletingLastPathComponent().relativePath }
    }
    if directory == nil {
      guard let root = iacRoots.first else { return nil }
      directory =
        FileSystem.isDirectory(root) ? root : URL(fileURLWithPath: root).deletingLastPathComponent().relativePath
    }
    guard let directory else { return nil }
    let safeName = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "-" })
    return (directory == "." ? "" : directory + "/") + "\(kind)-\(safeName).yaml"
  }
}
