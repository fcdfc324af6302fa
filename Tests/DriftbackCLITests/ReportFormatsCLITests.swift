import Foundation
import Testing

/// `driftback report` in Markdown, SARIF and JUnit on the bundled samples: golden files, the three written at
/// once, the SARIF checked against its schema and the JUnit XML parsed.
@Suite("driftback report --format markdown|sarif|junit (CLI)")
struct ReportFormatsCLITests {
  @Test func samplesMarkdownReportMatchesGolden() throws {
    let result = try CLIRunner.run(["report", "--format", "markdown"])
    #expect(result.status == 1)
    try CLIRunner.assertGolden(result.stdout, "report-samples.md")
    #expect(result.stdout.hasPrefix("## driftback report\n"))
    #expect(result.stdout.unicodeScalars.count <= 65_536)
  }

  @Test func samplesSARIFReportMatchesGolden() throws {
    let result = try CLIRunner.run(["report", "--format", "sarif"])
    #expect(result.status == 1)
    try CLIRunner.assertGolden(result.stdout, "report-samples.sarif")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let run = try #require((document["runs"] as? [[String: Any]])?.first)
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == 24)
    // GitHub refuses a result without a location: every result has one, relative to the source root.
    for result in results {
      let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
      let uri = (physical?["artifactLocation"] as? [String: Any])?["uri"] as? String
      #expect(uri?.hasPrefix("iac-samples/") == true, "\(result["ruleId"] ?? "?") has no IaC location")
    }
  }

  @Test(.enabled(if: SARIFSchemaCheck.isAvailable, SARIFSchemaCheck.skipComment))
  func samplesSARIFReportValidatesAgainstTheSchema() throws {
    let result = try CLIRunner.run(["report", "--format", "sarif"])
    let errors = try SARIFSchemaCheck.errors(result.stdout)
    #expect(errors.isEmpty, "\(errors)")
  }

  @Test func samplesJUnitReportMatchesGoldenAndParses() throws {
    let result = try CLIRunner.run(["report", "--format", "junit"])
    #expect(result.status == 1)
    try CLIRunner.assertGolden(result.stdout, "report-samples.junit.xml")
    #expect(
      result.stdout.contains(
        #"<testsuites name="driftback" tests="31" failures="13" errors="0" skipped="0" time="0">"#))
    let problems = try SARIFSchemaCheck.python(
      [
        "-c", "import xml.dom.minidom, sys; xml.dom.minidom.parseString(sys.stdin.buffer.read())",
      ], input: result.stdout)
    #expect(problems.status == 0, "\(problems.output)")
  }

  @Test func writesEveryFormatInOneRun() throws {
    let directory = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let markdown = directory.appendingPathComponent("report.md")
    let sarif = directory.appendingPathComponent("report.sarif")
    let junit = directory.appendingPathComponent("report.xml")
    let result = try CLIRunner.run([
      "report", "--format", "text", "--output", "markdown=\(markdown.path)", "--output", "sarif=\(sarif.path)",
      "--output", "junit=\(junit.path)",
    ])
    #expect(result.status == 1)
    // Compared with the golden files without re-recording them (the single-format tests own them).
    #expect(result.stdout == (try Self.golden("report-samples.txt")))
    #expect(try String(contentsOf: markdown, encoding: .utf8) == Self.golden("report-samples.md"))
    #expect(try String(contentsOf: sarif, encoding: .utf8) == Self.golden("report-samples.sarif"))
    #expect(try String(contentsOf: junit, encoding: .utf8) == Self.golden("report-samples.junit.xml"))

    // Without --format, the pairs alone: nothing on standard output.
    let quiet = try CLIRunner.run(["report", "--output", "sarif=\(sarif.path)"])
    #expect(quiet.status == 1)
    #expect(quiet.stdout.isEmpty)
  }

  @Test func plantedSecretsNeverAppearInAnyFormat() throws {
    let root = try SecretLeakCLITests.workspace()
    defer { try? FileManager.default.removeItem(at: root) }
    for format in ["markdown", "sarif", "junit"] {
      let result = try CLIRunner.run(["report", "--format", format, "--iac", "iac", "--live", "live"], in: root)
      #expect(result.status == 1, "\(format): \(result.stderr)")
      let marker = format == "junit" ? "&lt;redacted:" : "<redacted:"
      #expect(result.stdout.contains(marker), "\(format) shows no redacted value")
      SecretLeakCLITests.expectNoLeak(result, "report (\(format))")
    }
  }

  static func golden(_ name: String) throws -> String {
    try String(
      contentsOf: CLIRunner.packageRoot.appendingPathComponent("Tests/DriftbackCLITests/Golden/\(name)"),
      encoding: .utf8)
  }
}

/// The SARIF 2.1.0 JSON schema at `../shared/reference/schemas/sarif-schema-2.1.0.json` (next to the
/// package root), checked with Python's `jsonschema`; the check is disabled, saying where it looked, when
/// either is missing.
enum SARIFSchemaCheck {
  static let path: String =
    CLIRunner.packageRoot.appendingPathComponent("../shared/reference/schemas/sarif-schema-2.1.0.json")
    .standardizedFileURL.path

  static let hasJSONSchema: Bool = (try? python(["-c", "import jsonschema"]).status) == 0

  static var isAvailable: Bool { FileManager.default.fileExists(atPath: path) && hasJSONSchema }

  static var skipComment: Comment {
    FileManager.default.fileExists(atPath: path)
      ? "Python's jsonschema is not installed (python3 -c 'import jsonschema' failed), skipping"
      : "SARIF schema not found at \(path), skipping"
  }

  /// The schema's complaints about `text`.
  static func errors(_ text: String) throws -> [String] {
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      document = json.loads(sys.stdin.buffer.read())
      validator = jsonschema.validators.validator_for(schema)(schema)
      for error in validator.iter_errors(document):
          print("/".join(str(p) for p in error.absolute_path) + ": " + error.message)
      """
    let result = try python(["-c", script, path], input: text)
    guard result.status == 0 else { return ["python failed: " + result.output] }
    return result.output.split(separator: "\n").map(String.init)
  }

  /// Runs `python3` with arguments and standard input.
  static func python(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let inputPipe = Pipe()
    let outputPipe = Pipe()
    process.standardInput = inputPipe
    process.standardOutput = outputPipe
    process.standardError = outputPipe
    try process.run()
    // Written from another thread: a large input would otherwise fill the pipe while the output is unread.
    let writer = inputPipe.fileHandleForWriting
    let bytes = Data(input.utf8)
    let thread = Thread {
      writer.write(bytes)
      try? writer.close()
    }
    thread.start()
    let data = outputPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
