import Driftback
import DriftbackGit
import DriftbackSyntax
import Foundation

/// The inputs shared by `report` and `backport`: which IaC, which capture, which namespace.
struct Inputs {
  var iacFiles: [String]
  var liveFiles: [String]
  /// Terraform root modules under `--iac`: each folder with `.tf` files that lies below no other such folder.
  var terraformRoots: [(directory: String, files: [String])] = []
  /// Terraform files of the capture (state, show -json, refresh-only plan).
  var terraformLiveFiles: [String] = []
  /// `--var-file` files.
  var varFiles: [String] = []
  /// `--tf-schema`: `terraform providers schema -json` output.
  var terraformSchema: String?
  /// CloudFormation templates and parameter files under `--iac`.
  var cloudFormationFiles: [String] = []
  /// CloudFormation files of the capture.
  var cloudFormationLiveFiles: [String] = []
  /// `--parameters` files.
  var parameterFiles: [String] = []
  /// `--pseudo NAME=VALUE` pseudo parameters.
  var pseudoParameters: [String: String] = [:]
  /// `--stack NAME`.
  var stackName: String?
  /// The capture folder, when the capture is one folder.
  var captureRoot: String?
  var namespace: String
  var captureLabel: String?
  var capturedAt: String?
  var captureEvent: String?
  /// Where the IaC is read from (the working tree, or a git revision with `--iac-rev`).
  var iacTree: IaCTree = .workingTree
  /// The captures older than this one in the same snapshots folder, oldest first (for history).
  var earlierCaptures: [CaptureLocator.Capture] = []

  static let options: [String: ArgumentParser.Arity] = [
    "iac": .repeated, "live": .repeated, "snapshots": .single, "namespace": .single, "var-file": .repeated,
    "tf-schema": .single, "parameters": .repeated, "pseudo": .repeated, "stack": .single, "iac-rev": .single,
    "ignore": .single, "now": .single, "quiet": .flag,
  ]

  /// Resolves `--iac`, `--live`, `--snapshots` and `--namespace`; with none, the bundled samples and the
  /// newest capture.
  /// - Parameter history: whether to find the earlier captures of the snapshots folder (`false` for a capture
  ///   that is itself part of a history being read: its siblings are known already).
  static func resolve(
    _ parsed: ArgumentParser.Parsed, live explicitLive: [String]? = nil, tree explicitTree: IaCTree? = nil,
    history: Bool = true
  ) throws -> Inputs {
    let iacRoots = parsed.all("iac").isEmpty ? ["iac-samples"] : parsed.all("iac")
    var liveRoots = explicitLive ?? parsed.all("live")
    var chosen: CaptureLocator.Capture?
    var siblings: [CaptureLocator.Capture] = []
    if liveRoots.isEmpty {
      let snapshots = parsed.value("snapshots") ?? "snapshots"
      siblings = CaptureLocator.captures(in: snapshots)
      guard let newest = siblings.last else {
        throw ArgumentParser.UsageError(
          message:
            "no capture found in '\(snapshots)/'; give one with --live PATH or --snapshots DIR")
      }
      chosen = newest
    } else if liveRoots.count == 1, FileSystem.isDirectory(liveRoots[0]), !CaptureLocator.isCapture(liveRoots[0]),
      let newest = CaptureLocator.captures(in: liveRoots[0]).last, CaptureLocator.isCapture(newest.path)
    {
      // A folder of captures: the newest one, as with --snapshots.
      siblings = CaptureLocator.captures(in: liveRoots[0])
      chosen = newest
    } else if liveRoots.count == 1, FileSystem.isDirectory(liveRoots[0]), CaptureLocator.isCapture(liveRoots[0]) {
      // One capture of a snapshots folder: the captures before it are its history.
      chosen = CaptureLocator.describe(liveRoots[0])
      if history {
        let parent = URL(fileURLWithPath: liveRoots[0]).deletingLastPathComponent().relativePath
        siblings = CaptureLocator.captures(in: parsed.value("snapshots") ?? parent)
      }
    }
    var earlier: [CaptureLocator.Capture] = []
    if let chosen {
      liveRoots = [chosen.path]
      let resolved = FileSystem.resolvedPath(chosen.path)
      if let position = siblings.firstIndex(where: { FileSystem.resolvedPath($0.path) == resolved }) {
        earlier = Array(siblings[..<position])
      }
    }
    let tree: IaCTree
    if let explicitTree {
      tree = explicitTree
    } else if let revision = parsed.value("iac-rev") {
      tree = try IaCTree.at(revision: revision, roots: iacRoots)
    } else {
      tree = .workingTree
    }
    for root in iacRoots where !tree.exists(root) {
      throw ArgumentParser.UsageError(
        message: "--iac: no such file or directory: \(root)\(tree.revision.map { " at revision \($0)" } ?? "")")
    }
    for root in liveRoots where !FileSystem.exists(root) {
      throw ArgumentParser.UsageError(message: "--live: no such file or directory: \(root)")
    }
    // Each analyzer reads only its own ecosystem's files from mixed folders: one walk per root, and each
    // file's first bytes are read once to tell which ecosystem it belongs to.
    let iacByEcosystem = try Self.filesByEcosystem(under: iacRoots, tree: tree)
    let liveByEcosystem = try Self.filesByEcosystem(under: liveRoots, tree: .workingTree)
    let iacFiles = (iacByEcosystem[.kubernetes] ?? []).filter(KubernetesDocumentReader.accepts(path:))
    let liveFiles = (liveByEcosystem[.kubernetes] ?? []).filter(KubernetesDocumentReader.accepts(path:))
    let namespace = parsed.value("namespace") ?? "default"
    guard Inputs.isDNSLabel(namespace) else {
      throw ArgumentParser.UsageError(
        message:
          "--namespace must be a Kubernetes namespace name (lower-case letters, digits and '-'), not '\(namespace)'")
    }
    var inputs = Inputs(
      iacFiles: Array(Set(iacFiles)).sorted(), liveFiles: Array(Set(liveFiles)).sorted(),
      namespace: namespace, captureLabel: chosen?.label, capturedAt: chosen?.capturedAt)
    inputs.captureEvent = chosen?.event
    inputs.iacTree = tree
    inputs.earlierCaptures = earlier
    inputs.terraformRoots = Self.rootModules(of: iacByEcosystem[.terraform] ?? [])
    inputs.terraformLiveFiles = Array(Set(liveByEcosystem[.terraform] ?? [])).sorted()
    for file in parsed.all("var-file") where !FileSystem.exists(file) {
      throw ArgumentParser.UsageError(message: "--var-file: no such file: \(file)")
    }
    inputs.varFiles = parsed.all("var-file")
    inputs.cloudFormationFiles = Array(Set(iacByEcosystem[.cloudformation] ?? [])).sorted()
    inputs.cloudFormationLiveFiles = Array(Set(liveByEcosystem[.cloudformation] ?? [])).sorted()
    if liveRoots.count == 1, FileSystem.isDirectory(liveRoots[0]) { inputs.captureRoot = liveRoots[0] }
    for file in parsed.all("parameters") where !FileSystem.exists(file) {
      throw ArgumentParser.UsageError(message: "--parameters: no such file: \(file)")
    }
    inputs.parameterFiles = parsed.all("parameters")
    for item in parsed.all("pseudo") {
      guard let equals = item.firstIndex(of: "="), item.hasPrefix("AWS::") else {
        throw ArgumentParser.UsageError(
          message: "--pseudo takes NAME=VALUE with a pseudo parameter name (AWS::Region=eu-west-1), not '\(item)'")
      }
      inputs.pseudoParameters[String(item[..<equals])] = String(item[item.index(after: equals)...])
    }
    inputs.stackName = parsed.value("stack")
    if let schema = parsed.value("tf-schema") {
      guard FileSystem.exists(schema) else {
        throw ArgumentParser.UsageError(message: "--tf-schema: no such file: \(schema)")
      }
      inputs.terraformSchema = schema
    }
    return inputs
  }

  /// The files under the roots, grouped by the ecosystem each belongs to (files of none are left out).
  static func filesByEcosystem(under roots: [String], tree: IaCTree) throws -> [Ecosystem: [String]] {
    var groups: [Ecosystem: [String]] = [:]
    for root in roots {
      for path in try tree.list(under: root) {
        let prefix = tree.prefix(of: path, count: EcosystemDetector.prefixLength)
        if let ecosystem = EcosystemDetector.detect(path: path, prefix: prefix) {
          groups[ecosystem, default: []].append(path)
        }
      }
    }
    return groups
  }

  /// Folders holding `.tf` files that lie below no other such folder, each with its own files (not those
  /// of sub-folders, which are modules).
  static func rootModules(of files: [String]) -> [(directory: String, files: [String])] {
    var byDirectory: [String: [String]] = [:]
    for file in files {
      let directory = URL(fileURLWithPath: file).deletingLastPathComponent().relativePath
      byDirectory[directory, default: []].append(file)
    }
    let withConfiguration = byDirectory.filter { $0.value.contains { $0.hasSuffix(".tf") || $0.hasSuffix(".tf.json") } }
    let roots = withConfiguration.keys.filter { directory in
      !withConfiguration.keys.contains { other in other != directory && directory.hasPrefix(other + "/") }
    }
    return roots.sorted().map { ($0, (byDirectory[$0] ?? []).sorted()) }
  }

  /// The Terraform files of a module folder (not recursive).
  static func moduleFiles(_ directory: String) -> [String]? {
    guard FileSystem.isDirectory(directory),
      let entries = try? FileManager.default.contentsOfDirectory(atPath: directory)
    else { return nil }
    return entries.filter { $0.hasSuffix(".tf") || $0.hasSuffix(".tf.json") || $0.hasSuffix(".tfvars") }.sorted().map {
      directory + "/" + $0
    }
  }

  /// When each capture of the history (and this one) was taken, by label.
  var captureTimes: [String: String] {
    var times: [String: String] = [:]
    for capture in earlierCaptures { if let at = capture.capturedAt { times[capture.label] = at } }
    if let captureLabel, let capturedAt { times[captureLabel] = capturedAt }
    return times
  }

  /// RFC 1123 label: what Kubernetes accepts as a namespace name.
  static func isDNSLabel(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard (1...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
    func alphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
    return alphanumeric(first) && alphanumeric(last) && bytes.allSatisfy { alphanumeric($0) || $0 == 0x2D }
  }

  /// Refuses an output path that is one of the inputs (a report must never overwrite a manifest).
  func checkOutput(_ output: String?) throws {
    guard let output, FileSystem.exists(output) else { return }
    let target = FileSystem.resolvedPath(output)
    if (iacFiles + liveFiles + cloudFormationFiles + cloudFormationLiveFiles).contains(where: {
      FileSystem.resolvedPath($0) == target
    }) {
      throw ArgumentParser.UsageError(message: "--output \(output) is one of the input files; choose another path")
    }
  }

  /// Runs every analyzer that has input and merges their results.
  func analyze(redactor: Redactor) -> Analysis {
    let progress = ProgressLine.shared
    let iacCount = iacFiles.count + terraformRoots.reduce(0) { $0 + $1.files.count } + cloudFormationFiles.count
    let liveCount = liveFiles.count + terraformLiveFiles.count + cloudFormationLiveFiles.count
    let capture = captureLabel.map { "capture \($0): " } ?? ""
    progress.update(
      "\(capture)reading \(iacCount) IaC file\(iacCount == 1 ? "" : "s") and \(liveCount) capture file\(liveCount == 1 ? "" : "s")…",
      force: true)
    let tree = iacTree
    progress.startReading(total: iacCount + liveCount, prefix: capture)
    let read: FileReader = { path in
      defer { ProgressLine.shared.fileRead() }
      return try tree.read(path)
    }
    // IaC of some ecosystems only (`--iac iac/terraform`): the others' live objects are not reported as
    // unmanaged, they are left out with a note. IaC of none: everything live is unmanaged, as it is.
    let scoped = [!iacFiles.isEmpty, !terraformRoots.isEmpty, !cloudFormationFiles.isEmpty].contains(true)
    var skipped: [String] = []
    var analysis = Analysis()
    var analyzed = 0
    defer { progress.update("\(capture)\(analysis.summary.resources) resources compared", force: true) }
    if scoped && iacFiles.isEmpty && !liveFiles.isEmpty {
      skipped.append("Kubernetes")
    } else {
      analysis = KubernetesAnalyzer(redactor: redactor).analyze(request, read: read)
      analyzed += 1
      progress.update("\(capture)Kubernetes: \(analysis.summary.resources) resources compared", force: true)
    }
    if scoped && terraformRoots.isEmpty && !terraformLiveFiles.isEmpty {
      skipped.append("Terraform")
    } else if !terraformRoots.isEmpty || !terraformLiveFiles.isEmpty {
      let terraform = TerraformAnalyzer(redactor: redactor).analyze(
        TerraformAnalyzer.Request(
          rootModules: terraformRoots, varFiles: varFiles, liveFiles: terraformLiveFiles, captureLabel: captureLabel,
          schemaFile: terraformSchema),
        read: read, listModule: { tree.moduleFiles($0) })
      analysis = analysis.merging(terraform)
      analyzed += 1
      progress.update("\(capture)Terraform: \(terraform.summary.resources) resources compared", force: true)
    }
    if scoped && cloudFormationFiles.isEmpty && !cloudFormationLiveFiles.isEmpty {
      skipped.append("CloudFormation")
    } else if !cloudFormationFiles.isEmpty || !cloudFormationLiveFiles.isEmpty {
      let cloudFormation = CloudFormationAnalyzer(redactor: redactor).analyze(
        CloudFormationAnalyzer.Request(
          iacFiles: cloudFormationFiles, parameterFiles: parameterFiles, liveFiles: cloudFormationLiveFiles,
          captureRoot: captureRoot, captureLabel: captureLabel, pseudoParameters: pseudoParameters,
          stackName: stackName),
        read: read)
      analysis = analysis.merging(cloudFormation)
      analyzed += 1
      progress.update(
        "\(capture)CloudFormation: \(cloudFormation.summary.resources) resources compared", force: true)
    }
    // Each analyzer protects its own findings; a secret known in one ecosystem (a Terraform sensitive value)
    // may also turn up in another (a ConfigMap): one more pass when several ran.
    if analyzed > 1 { analysis = KnownSecrets.protect(analysis, redactor: redactor) }
    for ecosystem in skipped {
      analysis.diagnostics.append(
        Diagnostic(
          .note,
          "the capture has \(ecosystem) objects and --iac has no \(ecosystem) files: they are not compared (give their IaC with --iac to compare them)"
        ))
    }
    return analysis
  }

  var request: KubernetesAnalyzer.Request {
    KubernetesAnalyzer.Request(
      iacFiles: iacFiles, liveFiles: liveFiles, defaultNamespace: namespace,
      captureLabel: captureLabel)
  }
}

extension Inputs {
  /// The analysis of this capture with its history: the earlier captures of the same snapshots folder are
  /// analysed too (each against the IaC of the revision it names in `iacRevision`, when the IaC is in a git
  /// repository), which gives every finding its `firstSeen` and finds the runtime patches a redeploy lost.
  func analyzeWithHistory(_ parsed: ArgumentParser.Parsed, redactor: Redactor) throws -> Analysis {
    let newest = analyze(redactor: redactor)
    guard !newest.hasErrors, !earlierCaptures.isEmpty else { return newest }
    let iacRoots = parsed.all("iac").isEmpty ? ["iac-samples"] : parsed.all("iac")
    var notes: [Diagnostic] = []
    var earlier: [CaptureAnalysis] = []
    // The repository holding the IaC, when there is one: the source of each capture's time comes from it.
    let repository = try? GitRepository.discover(containing: FileSystem.absolutePath(iacRoots[0]))
    var untied: [String] = []
    // Captures of one deploy share a revision: its tree is read once.
    var trees: [String: IaCTree] = [:]
    for (index, capture) in earlierCaptures.enumerated() {
      ProgressLine.shared.update(
        "history: capture \(index + 1) of \(earlierCaptures.count) (\(capture.label))…", force: true)
      // The revision the capture is judged against: the one it names, else what HEAD's branch held when it was
      // taken. Without either, the capture still gives `firstSeen`, but no regression.
      let source = Inputs.sourceOfItsTime(
        capture, iacRoots: iacRoots, repository: repository, fallback: iacTree, trees: &trees)
      if let note = source.note { notes.append(note) }
      if source.revision == nil { untied.append(capture.label) }
      let tree = source.tree
      let revision = source.revision
      let older = try Inputs.resolve(parsed, live: [capture.path], tree: tree, history: false)
      let analysis = older.analyze(redactor: redactor)
      if analysis.hasErrors {
        notes.append(
          Diagnostic(.warning, "capture \(capture.label) does not load; the history leaves it out", file: capture.path))
        continue
      }
      earlier.append(
        CaptureAnalysis(
          label: capture.label, capturedAt: capture.capturedAt, event: capture.event, analysis: analysis,
          iacRevision: revision))
    }
    if !untied.isEmpty {
      notes.append(
        Diagnostic(
          .note,
          "\(untied.count) earlier capture\(untied.count == 1 ? "" : "s") (\(untied.joined(separator: ", "))) could not be tied to the source of \(untied.count == 1 ? "its" : "their") time (no readable iacRevision, and no commit of the IaC's repository at capturedAt): \(untied.count == 1 ? "it gives" : "they give") firstSeen, not regressions"
        ))
    }
    var result = CaptureHistory.apply(
      newest: CaptureAnalysis(
        label: captureLabel ?? "newest", capturedAt: capturedAt, event: captureEvent, analysis: newest),
      earlier: earlier)
    result.diagnostics += notes
    return result
  }

  /// The IaC a capture is judged against, and the revision it comes from: the `iacRevision` the capture
  /// names (when it can be read), else the commit HEAD's branch held at the capture's time; with neither, the
  /// fallback and no revision.
  /// `trees` keeps the trees already read, by revision: captures of one deploy share one.
  static func sourceOfItsTime(
    _ capture: CaptureLocator.Capture, iacRoots: [String], repository: GitRepository?, fallback: IaCTree,
    trees: inout [String: IaCTree]
  ) -> (tree: IaCTree, revision: String?, note: Diagnostic?) {
    func tree(at revision: String) throws -> IaCTree {
      if let known = trees[revision] { return known }
      let read = try IaCTree.at(revision: revision, roots: iacRoots, repository: repository)
      trees[revision] = read
      return read
    }
    if let declared = capture.iacRevision {
      do {
        return (try tree(at: declared), declared, nil)
      } catch {
        return (
          fallback, nil,
          Diagnostic(
            .note,
            "capture \(capture.label) was deployed from \(declared), which cannot be read (\(Inputs.describe(error))); it is judged against the IaC as it is now and shows no regression",
            file: capture.path)
        )
      }
    }
    guard let repository, let head = try? repository.resolve("HEAD"),
      let seconds = (capture.capturedAt.flatMap(CaptureTime.seconds) ?? CaptureTime.seconds(capture.label)),
      let commit = try? repository.lastCommit(atOrBefore: Int64(seconds), from: head),
      let read = try? tree(at: commit.hex)
    else { return (fallback, nil, nil) }
    return (read, commit.hex, nil)
  }

  /// An error's message without its type name.
  static func describe(_ error: any Error) -> String {
    if let usage = error as? ArgumentParser.UsageError { return usage.message }
    return "\(error)"
  }
}

// MARK: - Ignore rules

extension Inputs {
  /// The name of the ignore file looked for at the root of the first `--iac` folder.
  static let ignoreFileName = ".driftbackignore.yaml"

  /// The rules of `--ignore FILE`, else of `<first --iac folder>/.driftbackignore.yaml` when it exists.
  /// - Throws: a usage error when `--ignore` names no file; the ``Diagnostic`` of a malformed rule.
  static func ignoreRules(_ parsed: ArgumentParser.Parsed) throws -> [IgnoreRule] {
    let path: String
    if let explicit = parsed.value("ignore") {
      guard FileSystem.exists(explicit), !FileSystem.isDirectory(explicit) else {
        throw ArgumentParser.UsageError(message: "--ignore: no such file: \(explicit)")
      }
      path = explicit
    } else {
      let root = parsed.all("iac").first ?? "iac-samples"
      let candidate = (root.hasSuffix("/") ? root : root + "/") + ignoreFileName
      guard FileSystem.isDirectory(root), FileSystem.exists(candidate) else { return [] }
      path = candidate
    }
    return try IgnoreFile.load(try FileSystem.read(path))
  }

  /// The day ignore rules expire against: `--now YYYY-MM-DD` (or a date-time starting with the date), else
  /// today's date in UTC from the system clock.
  static func today(_ parsed: ArgumentParser.Parsed) throws -> String {
    if let now = parsed.value("now") {
      let date = String(now.prefix(10))
      let rest = now.dropFirst(10)
      guard IgnoreFile.isDate(date), rest.isEmpty || rest.first == "T" || rest.first == " " else {
        throw ArgumentParser.UsageError(
          message: "--now takes a date YYYY-MM-DD or a date-time (2026-11-24T09:00:00Z), not '\(now)'")
      }
      return date
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    func pad(_ value: Int?, _ width: Int) -> String {
      let text = String(value ?? 0)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
  }

  /// The analysis with the ignore rules applied (after history or verification, so regressions can be
  /// suppressed too); an analysis with errors is left as it is.
  static func applyingIgnoreRules(
    _ rules: [IgnoreRule], today: String, to analysis: Analysis
  ) -> Analysis {
    guard !analysis.hasErrors, !rules.isEmpty else { return analysis }
    return IgnoreRules.apply(rules, to: analysis, today: today)
  }
}
