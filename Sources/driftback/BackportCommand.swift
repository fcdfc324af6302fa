import Driftback
import DriftbackSyntax
import Foundation

/// `driftback backport`: write the IaC edits that carry runtime patches into source.
struct BackportCommand {
  static let help = """
    USAGE: driftback backport [--iac DIR]... [--live PATH]... [--snapshots DIR] [--namespace NS]
                              [--finding ID]... [--apply | --output FILE]

    Writes one minimal, format-preserving edit per finding: a changed scalar keeps its quoting, an added
    key goes after its last sibling with the siblings' indentation, a removed key takes its lines with it;
    comments and every other byte stay as they were. Each edit is verified by re-parsing the edited file
    and comparing it with the live object again; an edit that does not settle its finding is dropped.

    By default every finding whose action is backport is taken. Name findings with --finding ID (from
    the report) to choose; an unmanaged object named this way becomes a new manifest file.

    OPTIONS:
      --iac, --live, --snapshots, --namespace, --var-file, --tf-schema, --parameters, --pseudo, --stack
                         as for 'driftback report'
      --finding ID       back-port this finding; repeatable
      --apply            edit the files in place (atomically; refuses files changed since they were read)
      --output FILE      write the unified diff to FILE instead of standard output
      -h, --help         show this help

    The diff on standard output is accepted by 'git apply'.
    EXIT CODES: 0 done (or nothing to do), 1 some selected findings could not be back-ported, 2 error.

    """

  static func run(_ arguments: [String], console: Console) throws -> Int32 {
    var options = Inputs.options
    options["finding"] = .repeated
    options["apply"] = .flag
    options["output"] = .single
    options["help"] = .flag
    let parser = ArgumentParser(command: "backport", options: options, aliases: ["-h": "--help", "-o": "--output"])
    let parsed = try parser.parse(arguments)
    if parsed.has("help") {
      console.out(help)
      return 0
    }
    if parsed.has("apply"), parsed.has("output") {
      throw ArgumentParser.UsageError(message: "--apply and --output cannot be used together")
    }
    let inputs = try Inputs.resolve(parsed)
    try inputs.checkOutput(parsed.value("output"))
    let analysis = inputs.analyze(redactor: console.redactor)
    for diagnostic in analysis.diagnostics where diagnostic.severity != .note { console.report(diagnostic) }
    if analysis.hasErrors { return 2 }

    let ids = parsed.all("finding")
    let iacRoots = parsed.all("iac").isEmpty ? ["iac-samples"] : parsed.all("iac")
    let plan = BackportPlanner().plan(
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
      let diff = plan.files.map {
        UnifiedDiff.make(path: FileSystem.relativeToWorkingDirectory($0.path), old: $0.original, new: $0.edited)
      }.joined()
      if let output = parsed.value("output") {
        try FileSystem.writeAtomically(Array(diff.utf8), to: output)
      } else {
        console.out(diff)
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
