public import DriftbackSyntax

/// Renders a report as SARIF 2.1.0 for GitHub code scanning (formats.md 3a): one run whose driver lists
/// every security rule of the catalogues and one rule per finding kind, and one result per finding
/// (suppressed ones with an `external` suppression). Keys are sorted; the text is deterministic.
///
/// Every result has a location, because GitHub refuses a result without one: the finding's place in the
/// IaC; else its resource's; else, for a resource no IaC declares (`unmanaged`), the IaC file that would own
/// it (its CloudFormation stack's template, its Terraform module's first file, its Kubernetes namespace's
/// manifest), else the first IaC file of its ecosystem, at line 1, marked `locationIsApproximate`. Paths
/// are written relative to `%SRCROOT%` as the report has them (relative to the working directory, so run
/// driftback from the repository root for GitHub to place them).
public struct SARIFReportRenderer: ReportRenderer {
  /// The `$schema` GitHub expects.
  public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
  /// The project's web page for `tool.driver.informationUri`, when there is one.
  public var informationURI: String?

  /// Creates a renderer.
  /// - Parameter informationURI: the project's web page for `tool.driver.informationUri` (omitted when `nil`).
  public init(informationURI: String? = nil) {
    self.informationURI = informationURI
  }

  /// Writes the SARIF text, one result at a time (the same bytes as `JSONWriter.write(document(of:))`).
  public func write<Target: TextOutputStream>(_ report: DriftReport, to target: inout Target) {
    let rules = Self.rules(for: report.analysis.findings)
    let locator = SARIFLocator(report: report)
    let run = runProperties(report, rules: rules)
    var out = "{\n  \"$schema\": " + JSONText.quoted(Self.schemaURI) + ",\n  \"runs\": [\n    {"
    // The run's keys in JSONWriter's order, `results` among them, streamed one result at a time.
    let keys = (run.entries.map(\.key) + ["results"]).sorted()
    for (index, key) in keys.enumerated() {
      out += (index == 0 ? "\n      " : ",\n      ") + JSONText.quoted(key) + ": "
      if key == "results" {
        target.write(out)
        out = ""
        writeResults(report, rules: rules, locator: locator, to: &target)
      } else if let value = run[key] {
        JSONWriter.write(value, indent: 3, sortKeys: true, into: &out)
      }
    }
    out += "\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n"
    target.write(out)
  }

  /// The whole SARIF document as a value (what ``write(_:to:)`` writes, built at once).
  public func document(of report: DriftReport) -> Value {
    let rules = Self.rules(for: report.analysis.findings)
    let locator = SARIFLocator(report: report)
    var run = runProperties(report, rules: rules)
    run["results"] = .list(report.analysis.findings.map { result(for: $0, rules: rules, locator: locator) })
    var root = ValueMap()
    root["$schema"] = .string(Self.schemaURI)
    root["version"] = "2.1.0"
    root["runs"] = .list([.map(run)])
    return .map(root)
  }

  private func writeResults<Target: TextOutputStream>(
    _ report: DriftReport, rules: SARIFRules, locator: SARIFLocator, to target: inout Target
  ) {
    let findings = report.analysis.findings
    guard !findings.isEmpty else {
      target.write("[]")
      return
    }
    target.write("[")
    for (index, finding) in findings.enumerated() {
      var out = index == 0 ? "\n        " : ",\n        "
      JSONWriter.write(result(for: finding, rules: rules, locator: locator), indent: 4, sortKeys: true, into: &out)
      target.write(out)
    }
    target.write("\n      ]")
  }

  /// Everything of the run but its results.
  private func runProperties(_ report: DriftReport, rules: SARIFRules) -> ValueMap {
    var driver = ValueMap()
    driver["name"] = "driftback"
    driver["version"] = .string(report.toolVersion)
    driver["semanticVersion"] = .string(report.toolVersion)
    if let informationURI { driver["informationUri"] = .string(informationURI) }
    driver["rules"] = .list(rules.descriptors)
    var run = ValueMap()
    run["tool"] = ["driver": .map(driver)]
    // The category (before the last `/`) stays the same from run to run, so GitHub matches the alerts of
    // one nightly report with the next; the run id names the capture.
    run["automationDetails"] = ["id": .string("driftback/" + (report.captureLabel ?? ""))]
    var invocation = ValueMap()
    invocation["executionSuccessful"] = .bool(!report.analysis.hasErrors)
    let notifications = report.analysis.diagnostics.map(notification(for:))
    if !notifications.isEmpty { invocation["toolExecutionNotifications"] = .list(notifications) }
    run["invocations"] = .list([.map(invocation)])
    return run
  }

  private func notification(for diagnostic: DriftbackSyntax.Diagnostic) -> Value {
    var map = ValueMap()
    map["level"] = .string(diagnostic.severity.rawValue)
    map["message"] = ["text": .string(diagnostic.message.isEmpty ? "(no message)" : diagnostic.message)]
    if let location = diagnostic.location, !location.file.isEmpty {
      var physical = ValueMap()
      physical["artifactLocation"] = Self.artifactLocation(location.file)
      if location.line > 0 {
        physical["region"] = ["startLine": .int(location.line), "startColumn": .int(max(1, location.column))]
      }
      map["locations"] = .list([["physicalLocation": .map(physical)]])
    }
    return .map(map)
  }

  /// One result.
  func result(for finding: Finding, rules: SARIFRules, locator: SARIFLocator) -> Value {
    let ruleID = Self.ruleID(for: finding)
    var map = ValueMap()
    map["ruleId"] = .string(ruleID)
    if let index = rules.index[ruleID] { map["ruleIndex"] = .int(index) }
    map["level"] = .string(Self.level(finding.severity))
    let place = locator.location(of: finding)
    var message = Self.message(for: finding)
    if place?.isApproximate == true {
      message += " No IaC declares the resource: it is shown at the IaC file that would hold it."
    }
    map["message"] = ["text": .string(message)]
    var location = ValueMap()
    if let place {
      var physical = ValueMap()
      physical["artifactLocation"] = Self.artifactLocation(place.file)
      physical["region"] = ["startLine": .int(max(1, place.line)), "startColumn": .int(max(1, place.column))]
      location["physicalLocation"] = .map(physical)
    }
    location["logicalLocations"] = [["fullyQualifiedName": .string(finding.resource.text), "kind": "resource"]]
    map["locations"] = [.map(location)]
    map["partialFingerprints"] = [
      "driftbackFindingId/v1": .string(finding.id),
      "primaryLocationLineHash": .string(Self.primaryLocationLineHash(findingID: finding.id)),
    ]
    if let suppression = finding.suppressedBy {
      var entry = ValueMap()
      entry["kind"] = "external"
      entry["status"] = "accepted"
      entry["justification"] = .string(suppression.reason)
      entry["location"] = [
        "physicalLocation": [
          "artifactLocation": Self.artifactLocation(suppression.location.file),
          "region": ["startLine": .int(max(1, suppression.location.line))],
        ]
      ]
      var properties = ValueMap()
      properties["expires"] = .string(suppression.expires)
      if let owner = suppression.owner { properties["owner"] = .string(owner) }
      entry["properties"] = .map(properties)
      map["suppressions"] = [.map(entry)]
    }
    var properties = ValueMap()
    properties["kind"] = .string(finding.kind.rawValue)
    properties["ecosystem"] = .string(finding.ecosystem.rawValue)
    properties["resource"] = .string(finding.resource.text)
    properties["path"] = .string(finding.path.description)
    properties["change"] = .string(finding.change.rawValue)
    properties["severity"] = .string(finding.severity.rawValue)
    properties["action"] = .string(finding.action.rawValue)
    properties["backportPossible"] = .bool(finding.backport.possible)
    if let security = finding.security { properties["direction"] = .string(security.direction.rawValue) }
    if let firstSeen = finding.firstSeen { properties["firstSeen"] = .string(firstSeen) }
    if let lastSeen = finding.lastSeen { properties["lastSeen"] = .string(lastSeen) }
    if finding.involvesSecret { properties["secret"] = true }
    if place?.isApproximate == true { properties["locationIsApproximate"] = true }
    map["properties"] = .map(properties)
    return .map(map)
  }
}

// MARK: - Rules, levels, fingerprints

extension SARIFReportRenderer {
  /// The rule of a finding: its security rule when one judged it, else the rule of its kind.
  static func ruleID(for finding: Finding) -> String {
    finding.security?.rule ?? SARIFRules.kindRuleID(finding.kind)
  }

  /// The SARIF level of a severity: `error` for critical and high, `warning` for medium, `note` below.
  static func level(_ severity: Finding.Severity) -> String {
    switch severity {
    case .critical, .high: "error"
    case .medium: "warning"
    case .low, .info: "note"
    }
  }

  /// GitHub's `security-severity` of a severity (GitHub reads over 9.0 as critical, 7.0–8.9 as high, 4.0–6.9
  /// as medium, 0.1–3.9 as low).
  static func securitySeverity(_ severity: Finding.Severity) -> String {
    switch severity {
    case .critical: "9.5"
    case .high: "8.0"
    case .medium: "5.5"
    case .low: "3.0"
    case .info: "0.1"
    }
  }

  /// The `primaryLocationLineHash` of a finding: the first 16 hex digits of SHA-256 over
  /// `driftback-finding:` and the finding id, then `:1`.
  ///
  /// GitHub tracks an alert from one upload to the next by this fingerprint, and computes it from the text
  /// of the flagged line when it is missing (the upload-sarif action does; the REST API does not, which
  /// duplicates alerts). A drift finding is not about a line of text: the line moves, or changes, when
  /// unrelated edits or the back-port itself touch the file, while the finding stays the same. So the hash
  /// comes from the finding id (ecosystem, resource, path and kind, stable across runs) and never from the
  /// line number or its text: the same drift keeps one alert however the file moves.
  public static func primaryLocationLineHash(findingID: String) -> String {
    String(SHA256.hex(SHA256.hash(Array("driftback-finding:\(findingID)".utf8))).prefix(16)) + ":1"
  }

  /// The result's text: what differs, the security judgement and what to do. Values are the report's
  /// (already redacted), shortened.
  static func message(for finding: Finding) -> String {
    var text = MarkdownReportRenderer.kindTitle(finding.kind) + ": " + finding.resource.text
    if !finding.path.isRoot { text += " " + finding.path.description }
    var values: [String] = []
    switch finding.kind {
    case .runtimePatch:
      values = ["IaC " + short(finding.iac), "live " + short(finding.live)]
    case .regression:
      values = ["IaC " + short(finding.iac), "live when last seen " + short(finding.live)]
      if let lastSeen = finding.lastSeen { text += " (a runtime patch lost after \(lastSeen))" }
    case .secretInIaC:
      values = ["IaC " + short(finding.iac)]
    case .unmanaged:
      text += " (live only)"
    case .missing:
      text += " (declared in IaC, not running)"
    }
    if !values.isEmpty { text += ": " + values.joined(separator: ", ") }
    text += "."
    if let security = finding.security {
      text += " \(security.rule) (\(security.direction.rawValue)): \(security.summary)."
    }
    text += " Action: \(finding.action.rawValue)"
    if !finding.backport.possible || finding.action != .backport { text += " — " + finding.backport.reason }
    return text + "."
  }

  private static func short(_ value: Value?) -> String {
    guard let value else { return "(absent)" }
    let text = JSONWriter.compact(value.withoutSpans)
    return text.count > 80 ? String(text.prefix(79)) + "…" : text
  }

  /// An artifact location relative to `%SRCROOT%` (a path that is already absolute is written as a
  /// `file:` URI).
  static func artifactLocation(_ path: String) -> Value {
    var relative = Substring(path)
    while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
    if relative.hasPrefix("/") { return ["uri": .string("file://" + percentEncoded(relative))] }
    return ["uri": .string(percentEncoded(relative)), "uriBaseId": "%SRCROOT%"]
  }

  /// The path as a URI reference: every byte but unreserved characters and `/` percent-encoded.
  static func percentEncoded(_ path: Substring) -> String {
    var out = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return out.isEmpty ? "." : out
  }

  /// The rules: one per finding kind, then every catalogue rule, then any rule a finding names that no
  /// catalogue has, each group sorted by id.
  static func rules(for findings: [Finding]) -> SARIFRules {
    SARIFRules(findings: findings)
  }
}
