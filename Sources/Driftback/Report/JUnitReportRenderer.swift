/// Renders a report as JUnit XML for CI test reports (formats.md 3b): one `<testsuite>` per ecosystem inside a
/// `<testsuites>` with the totals, one `<testcase>` per resource compared (every IaC resource, and every
/// resource a finding names: the unmanaged ones), in address order. A resource in sync passes; a resource
/// with unsuppressed findings fails; a resource whose findings are all suppressed is skipped.
///
/// A failing resource has exactly one `<failure>`, which names every finding in its message and details each
/// in its body: JUnit's own schema allows one failure per test case, Jenkins reads only the first and GitLab
/// turns several into a list, so one failure per finding would lose findings in CI. Times are `0` (the
/// report never reads a clock); every text is escaped (``XMLText``).
public struct JUnitReportRenderer: ReportRenderer {
  /// Longest value written in a failure's body (the JSON report has it whole).
  public var maxValueWidth: Int

  /// Creates a renderer.
  /// - Parameter maxValueWidth: the longest value written in a failure's body.
  public init(maxValueWidth: Int = 400) {
    self.maxValueWidth = maxValueWidth
  }

  /// Writes the XML text, one test case at a time.
  public func write<Target: TextOutputStream>(_ report: DriftReport, to target: inout Target) {
    let analysis = report.analysis
    var findingsByResource: [ResourceAddress: [Finding]] = [:]
    for finding in analysis.findings { findingsByResource[finding.resource, default: []].append(finding) }
    let addresses = Set(analysis.iacResources.keys).union(findingsByResource.keys).sorted()
    let suites = Ecosystem.allCases.sorted().compactMap { ecosystem -> Suite? in
      let resources = addresses.filter { $0.ecosystem == ecosystem }
      guard !resources.isEmpty else { return nil }
      return Suite(
        ecosystem: ecosystem,
        cases: resources.map { Case(address: $0, findings: findingsByResource[$0] ?? []) })
    }
    let total = Counts(suites.flatMap(\.cases))
    target.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    target.write("<testsuites name=\"driftback\"" + total.attributes + ">\n")
    for suite in suites {
      let counts = Counts(suite.cases)
      target.write("  <testsuite name=\"\(suite.ecosystem.rawValue)\"" + counts.attributes + ">\n")
      target.write(properties(report))
      for testCase in suite.cases { target.write(testCaseText(testCase, report: report)) }
      target.write("  </testsuite>\n")
    }
    target.write("</testsuites>\n")
  }
}

// MARK: - Suites and cases

extension JUnitReportRenderer {
  private struct Suite {
    var ecosystem: Ecosystem
    var cases: [Case]
  }

  private struct Case {
    var address: ResourceAddress
    var findings: [Finding]

    /// The unsuppressed findings, most severe first (report order within a severity).
    var active: [Finding] {
      findings.filter { $0.suppressedBy == nil }.enumerated().sorted {
        ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset)
      }.map(\.element)
    }
    var isFailure: Bool { findings.contains { $0.suppressedBy == nil } }
    var isSkipped: Bool { !findings.isEmpty && !isFailure }
  }

  private struct Counts {
    var tests = 0
    var failures = 0
    var skipped = 0

    init(_ cases: [Case]) {
      tests = cases.count
      failures = cases.filter(\.isFailure).count
      skipped = cases.filter(\.isSkipped).count
    }

    var attributes: String {
      " tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"0\""
    }
  }

  /// The capture and the tool, as suite properties.
  private func properties(_ report: DriftReport) -> String {
    var entries: [(String, String)] = [("driftback.version", report.toolVersion)]
    if let label = report.captureLabel { entries.append(("capture.label", label)) }
    if let at = report.capturedAt { entries.append(("capture.capturedAt", at)) }
    if let before = report.beforeLabel { entries.append(("capture.before", before)) }
    var out = "    <properties>\n"
    for (name, value) in entries {
      out += "      <property name=\"\(XMLText.attribute(name))\" value=\"\(XMLText.attribute(value))\"/>\n"
    }
    return out + "    </properties>\n"
  }

  private func testCaseText(_ testCase: Case, report: DriftReport) -> String {
    let address = testCase.address
    var attributes =
      "classname=\"\(XMLText.attribute(Self.className(address)))\" name=\"\(XMLText.attribute(address.text))\""
    if let location = report.analysis.iacResources[address]?.location {
      attributes += " file=\"\(XMLText.attribute(location.file))\" line=\"\(location.line)\""
    }
    attributes += " time=\"0\""
    guard !testCase.findings.isEmpty else { return "    <testcase \(attributes)/>\n" }
    var out = "    <testcase \(attributes)>\n"
    let active = testCase.active
    let suppressed = testCase.findings.filter { $0.suppressedBy != nil }
    if let worst = active.first {
      let message =
        active.count == 1
        ? Self.headline(worst)
        : "\(active.count) findings: " + active.map(Self.headline).joined(separator: "; ")
      out += "      <failure message=\"\(XMLText.attribute(Self.truncated(message, 1000)))\""
      out += " type=\"\(worst.kind.rawValue)\">"
      var body = active.map { details($0, report: report) }.joined(separator: "\n")
      if !suppressed.isEmpty {
        body += "\n" + suppressed.map { details($0, report: report) }.joined(separator: "\n")
      }
      out += XMLText.escaped(body) + "</failure>\n"
    } else {
      let reasons = suppressed.compactMap { $0.suppressedBy.map(Self.suppressionText) }
      let message =
        (suppressed.count == 1 ? "suppressed: " : "\(suppressed.count) findings suppressed: ")
        + Array(Set(reasons)).sorted().joined(separator: "; ")
      out += "      <skipped message=\"\(XMLText.attribute(Self.truncated(message, 1000)))\">"
      out += XMLText.escaped(suppressed.map { details($0, report: report) }.joined(separator: "\n")) + "</skipped>\n"
    }
    return out + "    </testcase>\n"
  }

  /// The lines of the body that describe one finding.
  private func details(_ finding: Finding, report: DriftReport) -> String {
    var lines = ["[\(finding.severity.rawValue)] \(finding.kind.rawValue) \(Self.pathText(finding))  (\(finding.id))"]
    switch finding.kind {
    case .runtimePatch:
      lines.append("  iac:    " + value(finding.iac))
      lines.append("  live:   " + value(finding.live))
    case .regression:
      lines.append("  iac:    " + value(finding.iac))
      lines.append("  live when last seen: " + value(finding.live))
      if let lastSeen = finding.lastSeen { lines.append("  lost after: " + lastSeen) }
    case .secretInIaC:
      lines.append("  iac:    " + value(finding.iac))
    case .unmanaged:
      lines.append("  live:   " + value(finding.live))
    case .missing:
      if let iac = finding.iac { lines.append("  iac:    " + value(iac)) }
    }
    if let location = finding.source?.location {
      lines.append("  at:     \(location.file):\(location.line):\(location.column)")
    } else if finding.kind == .unmanaged {
      lines.append("  at:     not in IaC")
    }
    var action = "  action: " + finding.action.rawValue
    if !finding.backport.possible || finding.action != .backport { action += " (" + finding.backport.reason + ")" }
    lines.append(action)
    if let security = finding.security {
      lines.append("  rule:   \(security.rule) \(security.direction.rawValue): \(security.summary)")
    }
    if let firstSeen = finding.firstSeen {
      let age = firstSeen == report.captureLabel ? "new" : report.age(of: firstSeen)
      lines.append("  since:  " + firstSeen + (age.map { " (\($0))" } ?? ""))
    }
    if finding.involvesSecret { lines.append("  secret: values are redacted") }
    if let suppression = finding.suppressedBy { lines.append("  suppressed: " + Self.suppressionText(suppression)) }
    return lines.joined(separator: "\n") + "\n"
  }

  private func value(_ value: Value?) -> String {
    guard let value else { return "(absent)" }
    return Self.truncated(JSONWriter.compact(value.withoutSpans), maxValueWidth)
  }

  /// One line: kind and path (`runtime-patch spec.replicas`).
  private static func headline(_ finding: Finding) -> String {
    let what =
      switch finding.kind {
      case .unmanaged where finding.path.isRoot: "unmanaged: live only"
      case .missing where finding.path.isRoot: "missing: declared in IaC, not running"
      default: "\(finding.kind.rawValue) \(pathText(finding))"
      }
    return what
      + (finding.security.map { " (\($0.rule) \($0.direction.rawValue))" } ?? "")
  }

  private static func pathText(_ finding: Finding) -> String {
    finding.path.isRoot ? "(whole resource)" : finding.path.description
  }

  private static func suppressionText(_ suppression: Suppression) -> String {
    var terms = suppression.owner.map { [$0] } ?? []
    terms.append("until \(suppression.expires)")
    terms.append("\(suppression.location.file):\(suppression.location.line)")
    return suppression.reason + " (" + terms.joined(separator: ", ") + ")"
  }

  private static func truncated(_ text: String, _ width: Int) -> String {
    text.count > width ? String(text.prefix(max(0, width - 1))) + "…" : text
  }

  /// The class of a test case: the ecosystem and the resource's group (Kubernetes namespace, or `cluster`;
  /// Terraform module and type; CloudFormation stack), so that CI lists resources by group.
  static func className(_ address: ResourceAddress) -> String {
    switch address.ecosystem {
    case .kubernetes:
      let parts = address.text.split(separator: "/", omittingEmptySubsequences: false)
      return "kubernetes." + (parts.count == 3 ? String(parts[1]) : "cluster")
    case .terraform:
      let module = SARIFLocator.modulePrefix(address.text)
      let rest = address.text.dropFirst(module.count)
      let type = rest.split(separator: ".", maxSplits: 1).first ?? rest
      return "terraform." + module + type
    case .cloudformation:
      let stack = address.text.split(separator: "/", maxSplits: 1).first ?? Substring(address.text)
      return "cloudformation." + stack
    }
  }
}
