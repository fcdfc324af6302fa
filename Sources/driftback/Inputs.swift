import Driftback
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

  static let options: [String: ArgumentParser.Arity] = [
    "iac": .repeated, "live": .repeated, "snapshots": .single, "namespace": .single, "var-file": .repeated,
    "tf-schema": .single, "parameters": .repeated, "pseudo": .repeated, "stack": .single,
  ]

  /// Resolves `--iac`, `--live`, `--snapshots` and `--namespace`; with none, the bundled samples and the
  /// newest capture.
  static func resolve(_ parsed: ArgumentParser.Parsed) throws -> Inputs {
    let iacRoots = parsed.all("iac").isEmpty ? ["iac-samples"] : parsed.all("iac")
    var liveRoots = parsed.all("live")
    var label: String?
    var capturedAt: String?
    if liveRoots.isEmpty {
      let snapshots = parsed.value("snapshots") ?? "snapshots"
      guard let newest = CaptureLocator.captures(in: snapshots).last else {
        throw ArgumentParser.UsageError(
          message:
            "no capture found in '\(snapshots)/'; give one with --live PATH or --snapshots DIR")
      }
      liveRoots = [newest.path]
      label = newest.label
      capturedAt = newest.capturedAt
    } else if liveRoots.count == 1, FileSystem.isDirectory(liveRoots[0]), !CaptureLocator.isCapture(liveRoots[0]),
      let newest = CaptureLocator.captures(in: liveRoots[0]).last, CaptureLocator.isCapture(newest.path)
    {
      // A folder of captures: the newest one, as with --snapshots.
      liveRoots = [newest.path]
      label = newest.label
      capturedAt = newest.capturedAt
    } else if liveRoots.count == 1, FileSystem.isDirectory(liveRoots[0]) {
      let capture = CaptureLocator.describe(liveRoots[0])
      if CaptureLocator.isCapture(liveRoots[0]) {
        label = capture.label
        capturedAt = capture.capturedAt
      }
    }
    for root in iacRoots where !FileSystem.exists(root) {
      throw ArgumentParser.UsageError(message: "--iac: no such file or directory: \(root)")
    }
    for root in liveRoots where !FileSystem.exists(root) {
      throw ArgumentParser.UsageError(message: "--live: no such file or directory: \(root)")
    }
    // Each analyzer reads only its own ecosystem's files from mixed folders: one walk per root, and each
    // file's first bytes are read once to tell which ecosystem it belongs to.
    let iacByEcosystem = try Self.filesByEcosystem(under: iacRoots)
    let liveByEcosystem = try Self.filesByEcosystem(under: liveRoots)
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
      namespace: namespace, captureLabel: label, capturedAt: capturedAt)
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
  static func filesByEcosystem(under roots: [String]) throws -> [Ecosystem: [String]] {
    var groups: [Ecosystem: [String]] = [:]
    for root in roots {
      for path in try FileSystem.files(under: root, accept: { _ in true }) {
        let prefix = FileSystem.prefix(of: path, count: EcosystemDetector.prefixLength)
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
    let read: FileReader = { path in try FileSystem.read(path) }
    var analysis = KubernetesAnalyzer(redactor: redactor).analyze(request, read: read)
    if !terraformRoots.isEmpty || !terraformLiveFiles.isEmpty {
      let terraform = TerraformAnalyzer(redactor: redactor).analyze(
        TerraformAnalyzer.Request(
          rootModules: terraformRoots, varFiles: varFiles, liveFiles: terraformLiveFiles, captureLabel: captureLabel,
          schemaFile: terraformSchema),
        read: read, listModule: Inputs.moduleFiles)
      analysis = analysis.merging(terraform)
    }
    if !cloudFormationFiles.isEmpty || !cloudFormationLiveFiles.isEmpty {
      let cloudFormation = CloudFormationAnalyzer(redactor: redactor).analyze(
        CloudFormationAnalyzer.Request(
          iacFiles: cloudFormationFiles, parameterFiles: parameterFiles, liveFiles: cloudFormationLiveFiles,
          captureRoot: captureRoot, captureLabel: captureLabel, pseudoParameters: pseudoParameters,
          stackName: stackName),
        read: read)
      analysis = analysis.merging(cloudFormation)
    }
    return analysis
  }

  var request: KubernetesAnalyzer.Request {
    KubernetesAnalyzer.Request(
      iacFiles: iacFiles, liveFiles: liveFiles, defaultNamespace: namespace,
      captureLabel: captureLabel)
  }
}
