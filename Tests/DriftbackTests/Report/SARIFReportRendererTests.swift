import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite("SARIFReportRenderer")
struct SARIFReportRendererTests {
  typealias Fixture = ReportRendererFixture

  /// A report with one finding of each interesting shape.
  static func sampleReport() throws -> DriftReport {
    let findings = [
      try Fixture.finding(
        .runtimePatch, Fixture.web, "spec.template.spec.hostNetwork", iac: false, live: true, severity: .critical,
        rule: ("K8S-HOST-NETWORK", .weakens), action: .revert, reason: "redeploy the source"),
      try Fixture.finding(.runtimePatch, Fixture.web, "spec.replicas", severity: .low),
      try Fixture.finding(
        .runtimePatch, Fixture.web, "metadata.annotations.note", iac: "x", live: .string(Fixture.hostile),
        severity: .medium),
      try Fixture.finding(
        .runtimePatch, Fixture.api, "spec.paused", severity: .high, suppressedBy: Fixture.suppression()),
      try Fixture.finding(
        .unmanaged, Fixture.debugPod, "", iac: nil, live: ["kind": "Pod"], severity: .info, file: nil),
    ]
    return Fixture.report(
      findings,
      resources: [
        Fixture.resource(Fixture.web, file: "iac/web.yaml", line: 3),
        Fixture.resource(Fixture.api, file: "iac/api.yaml", line: 2),
        Fixture.resource(
          .kubernetes(kind: "Namespace", group: "", namespace: nil, name: "shop"), file: "iac/namespace.yaml"),
      ])
  }

  static func parse(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func results(_ document: [String: Any]) throws -> [[String: Any]] {
    let runs = try #require(document["runs"] as? [[String: Any]])
    return try #require(runs.first?["results"] as? [[String: Any]])
  }

  // MARK: - Shape

  @Test func streamedTextIsTheDocument() throws {
    let report = try Self.sampleReport()
    let renderer = SARIFReportRenderer()
    #expect(renderer.render(report) == JSONWriter.write(renderer.document(of: report)))
    let empty = Fixture.report([])
    #expect(renderer.render(empty) == JSONWriter.write(renderer.document(of: empty)))
    #expect(renderer.render(empty).contains("\"results\": []"))
  }

  @Test func runNamesTheToolAndEveryRule() throws {
    let document = try Self.parse(SARIFReportRenderer().render(try Self.sampleReport()))
    #expect(document["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
    #expect(document["version"] as? String == "2.1.0")
    let run = try #require((document["runs"] as? [[String: Any]])?.first)
    #expect((run["automationDetails"] as? [String: Any])?["id"] as? String == "driftback/2026-11-22T09-30Z")
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "driftback")
    #expect(driver["version"] as? String == "0.1.0")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    let ids = rules.compactMap { $0["id"] as? String }
    #expect(Set(ids).count == ids.count)
    let catalogue = KubernetesSecurityRules.all.map(\.id) + AWSSecurityRules.all.map(\.id)
    #expect(Set(catalogue).isSubset(of: Set(ids)))
    #expect(
      Array(ids.prefix(5)) == [
        "DRIFT-RUNTIME-PATCH", "DRIFT-REGRESSION", "DRIFT-UNMANAGED", "DRIFT-MISSING", "SECRET-IN-IAC",
      ])
    for rule in rules {
      for key in ["shortDescription", "fullDescription", "help"] {
        let text = (rule[key] as? [String: Any])?["text"] as? String
        #expect(text?.isEmpty == false, "\(rule["id"] ?? "?") has no \(key)")
      }
    }
    let privileged = try #require(rules.first { $0["id"] as? String == "K8S-PRIVILEGED" })
    let properties = try #require(privileged["properties"] as? [String: Any])
    #expect(properties["security-severity"] as? String == "9.5")
    #expect((properties["tags"] as? [String])?.first == "security")
    #expect((privileged["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")

    // Every result's ruleIndex points at its ruleId.
    for result in try Self.results(document) {
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(ids[index] == result["ruleId"] as? String)
    }
  }

  // MARK: - Results

  @Test func levelsFollowSeverity() throws {
    #expect(SARIFReportRenderer.level(.critical) == "error")
    #expect(SARIFReportRenderer.level(.high) == "error")
    #expect(SARIFReportRenderer.level(.medium) == "warning")
    #expect(SARIFReportRenderer.level(.low) == "note")
    #expect(SARIFReportRenderer.level(.info) == "note")
    #expect(SARIFReportRenderer.securitySeverity(.high) == "8.0")
    let results = try Self.results(Self.parse(SARIFReportRenderer().render(try Self.sampleReport())))
    var levels: [String: String] = [:]
    for result in results {
      let path = (result["properties"] as? [String: Any])?["path"] as? String ?? "?"
      levels[path] = "\(result["ruleId"] ?? "") \(result["level"] ?? "")"
    }
    #expect(
      levels == [
        "spec.template.spec.hostNetwork": "K8S-HOST-NETWORK error", "spec.paused": "DRIFT-RUNTIME-PATCH error",
        "metadata.annotations.note": "DRIFT-RUNTIME-PATCH warning", "spec.replicas": "DRIFT-RUNTIME-PATCH note",
        "": "DRIFT-UNMANAGED note",
      ])
  }

  @Test func resultsPointAtTheIaCRelativeToTheSourceRoot() throws {
    let results = try Self.results(Self.parse(SARIFReportRenderer().render(try Self.sampleReport())))
    let host = try #require(results.first { $0["ruleId"] as? String == "K8S-HOST-NETWORK" })
    let locations = try #require(host["locations"] as? [[String: Any]])
    let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
    let artifact = try #require(physical["artifactLocation"] as? [String: Any])
    #expect(artifact["uri"] as? String == "iac/web.yaml")
    #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
    let region = try #require(physical["region"] as? [String: Any])
    #expect(region["startLine"] as? Int == 7)
    #expect(region["startColumn"] as? Int == 5)
    let properties = try #require(host["properties"] as? [String: Any])
    #expect(properties["kind"] as? String == "runtime-patch")
    #expect(properties["action"] as? String == "revert")
    #expect(properties["direction"] as? String == "weakening")
    #expect(properties["firstSeen"] as? String == "2026-11-20T02-00Z")
  }

  @Test func anUnmanagedResourceIsPlacedAtItsNamespaceManifest() throws {
    let results = try Self.results(Self.parse(SARIFReportRenderer().render(try Self.sampleReport())))
    let pod = try #require(results.first { $0["ruleId"] as? String == "DRIFT-UNMANAGED" })
    let physical = try #require((pod["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "iac/namespace.yaml")
    #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 1)
    #expect((pod["properties"] as? [String: Any])?["locationIsApproximate"] as? Bool == true)
    #expect(((pod["message"] as? [String: Any])?["text"] as? String)?.contains("No IaC declares the resource") == true)
  }

  @Test func ownerFilesOfUnmanagedResources() throws {
    let stack = ResourceAddress(ecosystem: .cloudformation, text: "shop-edge/AppRole")
    let module = ResourceAddress(ecosystem: .terraform, text: #"module.net["a.b"].aws_subnet.private"#)
    let root = ResourceAddress(ecosystem: .terraform, text: "aws_s3_bucket.assets")
    let report = Fixture.report(
      [],
      resources: [
        Fixture.resource(stack, file: "cfn/shop-edge.yaml"), Fixture.resource(module, file: "tf/net/main.tf"),
        Fixture.resource(root, file: "tf/main.tf"),
      ])
    let locator = SARIFLocator(report: report)
    func file(_ address: ResourceAddress) throws -> String? {
      let finding = try Fixture.finding(.unmanaged, address, "", iac: nil, live: ["a": 1], file: nil)
      return locator.location(of: finding)?.file
    }
    #expect(try file(ResourceAddress(ecosystem: .cloudformation, text: "shop-edge/Extra")) == "cfn/shop-edge.yaml")
    #expect(
      try file(ResourceAddress(ecosystem: .terraform, text: #"module.net["a.b"].aws_subnet.extra"#)) == "tf/net/main.tf"
    )
    #expect(try file(ResourceAddress(ecosystem: .terraform, text: "aws_instance.debug")) == "tf/main.tf")
    // No Kubernetes IaC at all: the first IaC file of any ecosystem.
    #expect(try file(ResourceAddress(ecosystem: .kubernetes, text: "Pod/other/x")) == "cfn/shop-edge.yaml")
    #expect(SARIFLocator(report: Fixture.report([], resources: [])).location(of: try Fixture.finding(file: nil)) == nil)
    #expect(SARIFLocator.modulePrefix(#"module.a.module.b["x.y"].aws_db.main"#) == #"module.a.module.b["x.y"]."#)
    #expect(SARIFLocator.modulePrefix("aws_db.main") == "")
  }

  @Test func suppressedFindingsCarryAnExternalSuppression() throws {
    let results = try Self.results(Self.parse(SARIFReportRenderer().render(try Self.sampleReport())))
    let suppressed = results.filter { $0["suppressions"] != nil }
    #expect(suppressed.count == 1)
    let entry = try #require((suppressed.first?["suppressions"] as? [[String: Any]])?.first)
    #expect(entry["kind"] as? String == "external")
    #expect(entry["status"] as? String == "accepted")
    #expect(entry["justification"] as? String == "HPA owns replicas")
    #expect((entry["properties"] as? [String: Any])?["owner"] as? String == "team-shop")
    #expect((entry["properties"] as? [String: Any])?["expires"] as? String == "2026-12-31")
    #expect(((suppressed.first?["properties"] as? [String: Any])?["resource"] as? String) == Fixture.api.text)
  }

  @Test func fingerprintsComeFromTheFindingIDNotTheLine() throws {
    let atLine7 = try Fixture.finding(.runtimePatch, Fixture.web, "spec.replicas", line: 7)
    let atLine40 = try Fixture.finding(.runtimePatch, Fixture.web, "spec.replicas", line: 40)
    let other = try Fixture.finding(.runtimePatch, Fixture.web, "spec.paused", line: 7)
    func fingerprints(_ finding: Finding) throws -> [String: String] {
      let result = try Self.results(Self.parse(SARIFReportRenderer().render(Fixture.report([finding])))).first
      return try #require(result?["partialFingerprints"] as? [String: String])
    }
    #expect(try fingerprints(atLine7) == fingerprints(atLine40))
    #expect(try fingerprints(atLine7)["primaryLocationLineHash"] != fingerprints(other)["primaryLocationLineHash"])
    #expect(try fingerprints(atLine7)["driftbackFindingId/v1"] == atLine7.id)
    // Pinned: a change of scheme would reopen every alert on GitHub.
    #expect(SARIFReportRenderer.primaryLocationLineHash(findingID: "e9aad0c422b1") == "4400a34cb7a3d46c:1")
    let hash = SARIFReportRenderer.primaryLocationLineHash(findingID: atLine7.id)
    #expect(hash.count == 18 && hash.hasSuffix(":1"))
    #expect(hash.dropLast(2).allSatisfy { $0.isHexDigit })
  }

  @Test func hostileValuesStayInsideJSONStrings() throws {
    let text = SARIFReportRenderer().render(try Self.sampleReport())
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    let results = try Self.results(Self.parse(text))
    let note = try #require(
      results.first { ($0["properties"] as? [String: Any])?["path"] as? String == "metadata.annotations.note" })
    let message = try #require((note["message"] as? [String: Any])?["text"] as? String)
    #expect(message.contains("<script>alert(1)</script> ]]>"))
    #expect(message.hasPrefix("Runtime patch: Deployment.apps/shop/web metadata.annotations.note: IaC \"x\", live \""))
  }

  @Test func pathsArePercentEncodedURIReferences() {
    #expect(
      SARIFReportRenderer.artifactLocation("./iac/my file#1.yaml") == [
        "uri": "iac/my%20file%231.yaml", "uriBaseId": "%SRCROOT%",
      ])
    #expect(SARIFReportRenderer.artifactLocation("/abs/x.tf") == ["uri": "file:///abs/x.tf"])
    #expect(SARIFReportRenderer.artifactLocation("iac/é.yaml") == ["uri": "iac/%C3%A9.yaml", "uriBaseId": "%SRCROOT%"])
  }

  // MARK: - Schema

  @Test(.enabled(if: SARIFSchema.isAvailable, SARIFSchema.skipComment))
  func validatesAgainstTheSARIFSchema() throws {
    let errors = try SARIFSchema.errors(SARIFReportRenderer().render(try Self.sampleReport()))
    #expect(errors.isEmpty, "\(errors)")
    let emptyErrors = try SARIFSchema.errors(SARIFReportRenderer().render(Fixture.report([])))
    #expect(emptyErrors.isEmpty, "\(emptyErrors)")
  }
}

/// The SARIF 2.1.0 JSON schema at `../shared/reference/schemas/sarif-schema-2.1.0.json` (next to the
/// package root), checked with Python's `jsonschema`; the check is disabled, saying where it looked, when
/// either is missing.
enum SARIFSchema {
  static let path: String = {
    var root = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { root.deleteLastPathComponent() }
    return root.appendingPathComponent("../shared/reference/schemas/sarif-schema-2.1.0.json").standardizedFileURL.path
  }()

  static let hasJSONSchema: Bool = (try? python(["-c", "import jsonschema"]).status) == 0

  static var isAvailable: Bool { FileManager.default.fileExists(atPath: path) && hasJSONSchema }

  static var skipComment: Comment {
    FileManager.default.fileExists(atPath: path)
      ? "Python's jsonschema is not installed (python3 -c 'import jsonschema' failed), skipping"
      : "SARIF schema not found at \(path), skipping"
  }

  /// The schema's complaints about `text`.
  static func errors(_ text: String) throws -> [String] {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("driftback-\(UUID().uuidString).sarif")
    try Data(text.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      document = json.load(open(sys.argv[2]))
      validator = jsonschema.validators.validator_for(schema)(schema)
      for error in validator.iter_errors(document):
          print("/".join(str(p) for p in error.absolute_path) + ": " + error.message)
      """
    let result = try python(["-c", script, path, file.path])
    guard result.status == 0 else { return ["python failed: " + result.output] }
    return result.output.split(separator: "\n").map(String.init)
  }

  private static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

@Suite("SARIFLocator columns")
struct SARIFLocatorColumnTests {
  @Test func columnsAreUTF16CodeUnitsOnLinesWithNonASCIIText() {
    let file = SourceFile(path: "iac/a.yaml", text: "kind: ConfigMap\n  ünïcode: 😀x value\n")
    // The `x` is at byte column 18: before it "  ünïcode: " (13 bytes, 11 UTF-16 units) and "😀" (4 bytes, 2 units).
    let location = SourceLocation(file: "iac/a.yaml", line: 2, column: 18)
    #expect(SARIFLocator.column(location, in: file) == 14)
    #expect(SARIFLocator.column(SourceLocation(file: "iac/a.yaml", line: 1, column: 7), in: file) == 7)
    // Another file, or no file: the column as the model has it.
    #expect(SARIFLocator.column(SourceLocation(file: "iac/b.yaml", line: 2, column: 18), in: file) == 18)
    #expect(SARIFLocator.column(location, in: nil) == 18)
  }
}
