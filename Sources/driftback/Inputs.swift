import Driftback
import DriftbackSyntax
import Foundation

/// The inputs shared by `report` and `backport`: which IaC, which capture, which namespace.
struct Inputs {
  var iacFiles: [String]
  var liveFiles: [String]
  var namespace: String
  var captureLabel: String?
  var capturedAt: String?

  static let options: [String: ArgumentParser.Arity] = [
    "iac": .repeated, "live": .repeated, "snapshots": .single, "namespace": .single,
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
    // Each analyzer reads only its own ecosystem's files from mixed folders.
    let accept: (String) -> Bool = { path in
      KubernetesDocumentReader.accepts(path: path)
        && EcosystemDetector.detect(
          path: path, prefix: FileSystem.prefix(of: path, count: EcosystemDetector.prefixLength))
          == .kubernetes
    }
    let iacFiles = try iacRoots.flatMap { try FileSystem.files(under: $0, accept: accept) }
    let liveFiles = try liveRoots.flatMap { try FileSystem.files(under: $0, accept: accept) }
    let namespace = parsed.value("namespace") ?? "default"
    guard Inputs.isDNSLabel(namespace) else {
      throw ArgumentParser.UsageError(
        message:
          "--namespace must be a Kubernetes namespace name (lower-case letters, digits and '-'), not '\(namespace)'")
    }
    return Inputs(
      iacFiles: Array(Set(iacFiles)).sorted(), liveFiles: Array(Set(liveFiles)).sorted(),
      namespace: namespace, captureLabel: label, capturedAt: capturedAt)
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
    if (iacFiles + liveFiles).contains(where: { FileSystem.resolvedPath($0) == target }) {
      throw ArgumentParser.UsageError(message: "--output \(output) is one of the input files; choose another path")
    }
  }

  var request: KubernetesAnalyzer.Request {
    KubernetesAnalyzer.Request(
      iacFiles: iacFiles, liveFiles: liveFiles, defaultNamespace: namespace,
      captureLabel: captureLabel)
  }
}
