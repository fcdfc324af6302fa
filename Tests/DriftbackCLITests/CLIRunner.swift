import Foundation
import Testing

/// Runs the built `driftback` binary and captures what it prints.
struct CLIRunner {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The package root (two levels above this file's folder).
  static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The binary: `$DRIFTBACK_BINARY`, else next to the test bundle, else `.build/debug/driftback`.
  static let binary: String? = {
    let environment = ProcessInfo.processInfo.environment
    if let explicit = environment["DRIFTBACK_BINARY"] { return explicit }
    var candidates: [String] = []
    var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(directory.appendingPathComponent("driftback").path)
      directory.deleteLastPathComponent()
    }
    candidates.append(packageRoot.appendingPathComponent(".build/debug/driftback").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// Runs the binary with arguments in a working directory (default: the package root).
  static func run(_ arguments: [String], in directory: URL = packageRoot, environment extra: [String: String] = [:])
    throws -> Result
  {
    let binary = try #require(binary, "driftback binary not found: run `swift build` first (scripts/test.sh does)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["DRIFTBACK_REDACTION_KEY"] = "golden-test-key"
    environment["NO_COLOR"] = "1"
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Compares text with a golden file in `Golden/`; with `DRIFTBACK_RECORD_GOLDEN=1` it rewrites the file
  /// and fails, so that the change is reviewed.
  static func assertGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = packageRoot.appendingPathComponent("Tests/DriftbackCLITests/Golden/\(name)")
    if ProcessInfo.processInfo.environment["DRIFTBACK_RECORD_GOLDEN"] == "1" {
      try Data(text.utf8).write(to: url)
      Issue.record(
        "recorded golden file \(name); re-run without DRIFTBACK_RECORD_GOLDEN", sourceLocation: sourceLocation)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if expected != text {
      let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let firstDifference =
        zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(expectedLines.count, actualLines.count)
      Issue.record(
        """
        output differs from golden \(name) at line \(firstDifference + 1):
        expected: \(firstDifference < expectedLines.count ? String(expectedLines[firstDifference]) : "<end>")
        actual:   \(firstDifference < actualLines.count ? String(actualLines[firstDifference]) : "<end>")
        (set DRIFTBACK_RECORD_GOLDEN=1 to re-record after review)
        """, sourceLocation: sourceLocation)
    }
  }

  /// A fresh temporary folder.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("driftback-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Copies the samples (iac-samples, snapshots) into a temporary folder.
  static func copyOfSamples() throws -> URL {
    let directory = try temporaryDirectory()
    for name in ["iac-samples", "snapshots"] {
      try FileManager.default.copyItem(
        at: packageRoot.appendingPathComponent(name),
        to: directory.appendingPathComponent(name))
    }
    return directory
  }
}
