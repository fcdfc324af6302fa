import Foundation
import Testing

/// Several forms of the report from one run: `--output FORMAT=FILE` pairs.
@Suite("driftback report --output FORMAT=FILE (CLI)")
struct ReportOutputsCLITests {
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("driftback-outputs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func oneRunWritesEveryFormAndEachEqualsItsSingleRun() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let json = directory.appendingPathComponent("report.json").path
    let text = directory.appendingPathComponent("nested/report.txt").path
    let result = try CLIRunner.run(["report", "--output", "json=\(json)", "--output", "text=\(text)"])
    #expect(result.status == 1)
    // Only pairs: nothing on standard output.
    #expect(result.stdout.isEmpty)
    try CLIRunner.assertGolden(try String(contentsOfFile: json, encoding: .utf8), "report-samples.json")
    try CLIRunner.assertGolden(try String(contentsOfFile: text, encoding: .utf8), "report-samples.txt")
  }

  @Test func formatGoesToStandardOutputBesideThePairs() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let json = directory.appendingPathComponent("report.json").path
    let result = try CLIRunner.run(["report", "--format", "text", "--output", "json=\(json)"])
    #expect(result.status == 1)
    try CLIRunner.assertGolden(result.stdout, "report-samples.txt")
    try CLIRunner.assertGolden(try String(contentsOfFile: json, encoding: .utf8), "report-samples.json")
    // `FORMAT=-` is standard output.
    let dash = try CLIRunner.run(["report", "--output", "json=-"])
    try CLIRunner.assertGolden(dash.stdout, "report-samples.json")
  }

  @Test func conflictingOutputsAreUsageErrorsAndWriteNothing() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("r.json").path
    let cases: [([String], String)] = [
      (["--output", "a.txt", "--output", "b.txt"], "--output is given more than once without a format"),
      (["--output", "json=-", "--output", "text=-"], "only one form of the report can go to standard output"),
      (["--output", "json=\(file)", "--output", "sarif=\(file)"], "--output \(file) is named twice"),
      (["--output", "json="], "names no file"),
      (["--format", "pdf"], "--format must be one of text, json, markdown, html, sarif, junit, not 'pdf'"),
    ]
    for (arguments, message) in cases {
      let result = try CLIRunner.run(["report"] + arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: file))
  }

  @Test func anOutputThatIsAnInputIsRefused() throws {
    let result = try CLIRunner.run([
      "report", "--output", "json=iac-samples/kubernetes/configmap.yaml", "--output", "text=-",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("is one of the input files"))
  }
}

/// Absolute input paths below the working directory are reported relative to it, as given relative.
@Suite("driftback report with absolute paths (CLI)")
struct AbsolutePathsCLITests {
  @Test func absoluteInputsBelowTheWorkingDirectoryReadAsRelative() throws {
    let root = CLIRunner.packageRoot.path
    let result = try CLIRunner.run([
      "report", "--format", "json", "--iac", root + "/iac-samples", "--live", root + "/snapshots/2026-11-22T09-30Z",
    ])
    #expect(result.status == 1)
    #expect(!result.stdout.contains(root))
    try CLIRunner.assertGolden(result.stdout, "report-samples.json")
    let sarif = try CLIRunner.run(["report", "--format", "sarif", "--iac", root + "/iac-samples"])
    #expect(!sarif.stdout.contains("file://"))
    #expect(!sarif.stdout.contains(root))
  }
}
