/// Renders a report as GitHub-flavoured Markdown for a pull-request comment or a chat post: a summary table
/// (by ecosystem and by kind), then the findings grouped by severity, most severe first, each with its
/// resource, path, IaC and live values, file and line, age and action. Long values fold into `<details>`;
/// suppressed findings are listed apart, folded; resolved ones are mentioned. Every piece of input text is
/// escaped (``MarkdownText``).
///
/// The text stays within ``characterLimit`` (GitHub refuses a comment over 65,536 characters): when the next
/// finding would not fit, the listing stops and says how many findings were left out.
public struct MarkdownReportRenderer: ReportRenderer {
  /// The most characters (Unicode scalars) the text may have.
  public var characterLimit: Int
  /// Longest value shown inline; a longer or multi-line value folds into `<details>`.
  public var maxInlineValueWidth: Int

  /// Creates a renderer.
  /// - Parameters:
  ///   - characterLimit: the most characters the text may have (default: GitHub's comment limit).
  ///   - maxInlineValueWidth: the longest value shown inline.
  public init(characterLimit: Int = 65_536, maxInlineValueWidth: Int = 80) {
    self.characterLimit = characterLimit
    self.maxInlineValueWidth = maxInlineValueWidth
  }

  /// Writes the Markdown text.
  public func write<Target: TextOutputStream>(_ report: DriftReport, to target: inout Target) {
    let findings = report.analysis.findings
    let active = findings.filter { $0.suppressedBy == nil }
    let suppressed = findings.filter { $0.suppressedBy != nil }
    let resolved = report.analysis.resolved

    let header = headerText(report) + summaryTable(report)
    target.write(header)
    // What must still fit after the last finding: the closing of an open `<details>`, the note on what was
    // left out, and the footer.
    let footer = footerText(report)
    var budget = Budget(
      limit: characterLimit, used: Self.length(header),
      reserve: Self.length(Self.suppressedClose) + Self.length(footer) + Self.noteReserve)

    var written = 0
    var stopped = false
    if active.isEmpty {
      target.write("No unsuppressed drift.\n\n")
    }
    for severity in Finding.Severity.allCases where !stopped {
      let group = active.filter { $0.severity == severity }
      for (index, finding) in group.enumerated() {
        var block = ""
        if index == 0 { block += "### \(Self.title(severity)) (\(group.count))\n\n" }
        block += findingText(finding, report: report)
        guard budget.take(block) else {
          stopped = true
          break
        }
        target.write(block)
        written += 1
      }
    }

    if !suppressed.isEmpty && !stopped {
      let open =
        "<details><summary>\(Self.count(suppressed.count, "suppressed finding")) (accepted by ignore rules; "
        + "never counted for the exit code)</summary>\n\n"
      var opened = false
      for finding in suppressed {
        let block = (opened ? "" : open) + suppressedText(finding, report: report)
        guard budget.take(block) else {
          stopped = true
          break
        }
        target.write(block)
        opened = true
        written += 1
      }
      if opened { target.write(Self.suppressedClose) }
    }

    if !resolved.isEmpty && !stopped {
      var block = "**Resolved** (a runtime change that weakened security is gone):\n\n"
      for finding in resolved { block += resolvedText(finding) }
      block += "\n"
      if budget.take(block) { target.write(block) } else { stopped = true }
    }

    if written < findings.count {
      let omitted = findings.count - written
      target.write(
        "**\(omitted) of \(Self.count(findings.count, "finding")) not shown**: this comment would pass "
          + "\(Self.grouped(characterLimit)) characters. The JSON and HTML reports list them all.\n\n")
    } else if stopped {
      target.write("**Resolved changes not shown**: the JSON and HTML reports list them.\n\n")
    }
    target.write(footer)
  }
}

// MARK: - Sections

extension MarkdownReportRenderer {
  private static let suppressedClose = "\n</details>\n\n"
  /// Room kept for the note on what was left out.
  private static let noteReserve = 200

  /// Counts characters as GitHub does (Unicode scalars).
  private static func length(_ text: String) -> Int { text.unicodeScalars.count }

  /// Tracks how much of the character limit is used.
  private struct Budget {
    let limit: Int
    var used: Int
    let reserve: Int

    /// Whether `block` fits (counting it when it does).
    mutating func take(_ block: String) -> Bool {
      let size = MarkdownReportRenderer.length(block)
      guard used + size + reserve <= limit else { return false }
      used += size
      return true
    }
  }

  private func headerText(_ report: DriftReport) -> String {
    let analysis = report.analysis
    let summary = analysis.summary
    var out = report.beforeLabel == nil ? "## driftback report\n\n" : "## driftback verify\n\n"
    var capture: [String] = []
    if let label = report.captureLabel {
      var text = "Capture " + MarkdownText.code(label)
      if let at = report.capturedAt { text += " (" + MarkdownText.escaped(at) + ")" }
      capture.append(text)
    }
    if let before = report.beforeLabel {
      var text = "before the deploy: " + MarkdownText.code(before)
      if let at = report.captureTimes[before] { text += " (" + MarkdownText.escaped(at) + ")" }
      capture.append(text)
    }
    if !capture.isEmpty { out += capture.joined(separator: " · ") + "\n\n" }

    var line =
      "\(Self.count(summary.resources, "resource")): \(summary.inSync) in sync, \(summary.drifted) drifted, "
      + "\(summary.unmanaged) unmanaged, \(summary.missing) missing · **\(Self.count(summary.findings, "finding"))**"
    var actions: [String] = []
    for action in Finding.Action.allCases {
      let count = analysis.findings.filter { $0.action == action && $0.suppressedBy == nil }.count
      if count > 0 { actions.append("\(count) \(action.rawValue)") }
    }
    if !actions.isEmpty { line += " (" + actions.joined(separator: ", ") + ")" }
    if summary.regressions > 0 { line += " · **\(Self.count(summary.regressions, "regression"))**" }
    if summary.suppressed > 0 { line += " · \(summary.suppressed) suppressed" }
    if !analysis.resolved.isEmpty { line += " · \(analysis.resolved.count) resolved" }
    out += line + "\n\n"
    if report.beforeLabel != nil {
      let regressions = PostDeployVerification.regressions(analysis).count
      let unconverged = Set(PostDeployVerification.unconverged(analysis).map(\.resource)).count
      out +=
        regressions == 0 && unconverged == 0
        ? "**Verification passed**: no regression, every resource converged.\n\n"
        : "**Verification failed**: \(regressions == 0 ? "no regression" : Self.count(regressions, "regression")), "
          + "\(unconverged == 0 ? "every resource converged" : Self.count(unconverged, "resource") + " not converged")"
          + ".\n\n"
    }
    return out
  }

  /// One row per ecosystem, one column per finding kind (unsuppressed findings), and a total.
  private func summaryTable(_ report: DriftReport) -> String {
    let analysis = report.analysis
    var resources: [Ecosystem: Set<ResourceAddress>] = [:]
    for address in analysis.iacResources.keys { resources[address.ecosystem, default: []].insert(address) }
    for finding in analysis.findings { resources[finding.ecosystem, default: []].insert(finding.resource) }
    let ecosystems = Ecosystem.allCases.filter { resources[$0] != nil }.sorted()
    guard !ecosystems.isEmpty else { return "" }
    let kinds = Finding.Kind.allCases
    var out = "| Ecosystem | Resources | With findings | " + kinds.map(Self.kindTitle).joined(separator: " | ")
    out += " | Suppressed |\n|:--|--:|--:|" + String(repeating: "--:|", count: kinds.count) + "--:|\n"
    func row(_ name: String, _ findings: [Finding], resourceCount: Int) -> String {
      let active = findings.filter { $0.suppressedBy == nil }
      var cells = [name, String(resourceCount), String(Set(active.map(\.resource)).count)]
      for kind in kinds { cells.append(String(active.filter { $0.kind == kind }.count)) }
      cells.append(String(findings.count - active.count))
      return "| " + cells.joined(separator: " | ") + " |\n"
    }
    for ecosystem in ecosystems {
      out += row(
        Self.ecosystemTitle(ecosystem), analysis.findings.filter { $0.ecosystem == ecosystem },
        resourceCount: resources[ecosystem]?.count ?? 0)
    }
    if ecosystems.count > 1 {
      out += row("**Total**", analysis.findings, resourceCount: resources.values.reduce(0) { $0 + $1.count })
    }
    return out + "\n"
  }

  private func findingText(_ finding: Finding, report: DriftReport) -> String {
    var title = "- **\(Self.kindTitle(finding.kind))**"
    if finding.kind == .regression {
      title += " (a runtime patch the last deploy lost"
      if let lastSeen = finding.lastSeen { title += "; last seen " + MarkdownText.code(lastSeen) }
      title += ")"
    }
    title += " · " + MarkdownText.code(finding.resource.text)
    title += finding.path.isRoot ? " (whole resource)" : " · " + MarkdownText.code(finding.path.description)
    var out = title + "\n"
    var folded: [(String, Value)] = []
    var values: [String] = []
    func show(_ name: String, _ value: Value?) {
      guard let value else {
        values.append("\(name) *absent*")
        return
      }
      if let inline = inlineValue(value) {
        values.append("\(name) " + MarkdownText.code(inline))
      } else {
        values.append("\(name) *(below)*")
        folded.append((name, value))
      }
    }
    switch finding.kind {
    case .runtimePatch, .missing:
      show("IaC", finding.iac)
      if finding.kind == .runtimePatch { show("live", finding.live) }
    case .regression:
      show("IaC", finding.iac)
      show("live when last seen", finding.live)
    case .secretInIaC:
      show("IaC", finding.iac)
    case .unmanaged:
      show("live", finding.live)
    }
    out += "  - " + values.joined(separator: " → ") + "\n"

    var facts: [String] = []
    if let location = Self.location(of: finding, report: report) {
      var text = MarkdownText.code("\(location.file):\(location.line)")
      if let source = finding.source, source.location != nil, !source.isExact {
        text += " (nearest: " + (source.path.isRoot ? "the resource" : MarkdownText.code(source.path.description)) + ")"
      }
      facts.append(text)
    } else if finding.kind == .unmanaged {
      facts.append("not in IaC")
    }
    if let firstSeen = finding.firstSeen {
      let since = finding.kind == .regression ? "patched since" : "since"
      if firstSeen == report.captureLabel {
        facts.append("**new**")
      } else {
        facts.append(
          "\(since) " + MarkdownText.code(firstSeen) + (report.age(of: firstSeen).map { " (\($0))" } ?? ""))
      }
    }
    facts.append(finding.severity.rawValue)
    facts.append("id " + MarkdownText.code(finding.id))
    out += "  - " + facts.joined(separator: " · ") + "\n"

    var action = "  - Action: **\(finding.action.rawValue)**"
    if !finding.backport.possible || finding.action != .backport {
      action += ": " + MarkdownText.escaped(finding.backport.reason)
    }
    out += action + "\n"
    if let security = finding.security {
      out +=
        "  - Security: " + MarkdownText.code(security.rule) + " \(security.direction.rawValue): "
        + MarkdownText.escaped(security.summary) + "\n"
    }
    if finding.involvesSecret { out += "  - Involves a secret: values are redacted.\n" }
    for (name, value) in folded {
      out +=
        "  <details><summary>\(name) value (\(Self.count(Self.length(blockValue(value)), "character")))</summary>\n\n"
      let language = value.string == nil ? "json" : ""
      out += MarkdownText.codeBlock(blockValue(value), language: language, indent: "  ")
      out += "\n  </details>\n"
    }
    return out + "\n"
  }

  private func suppressedText(_ finding: Finding, report: DriftReport) -> String {
    var out = "- " + Self.kindTitle(finding.kind) + " · " + MarkdownText.code(finding.resource.text)
    if !finding.path.isRoot { out += " · " + MarkdownText.code(finding.path.description) }
    out += " · \(finding.severity.rawValue) · id " + MarkdownText.code(finding.id) + "\n"
    if let suppression = finding.suppressedBy {
      var terms: [String] = []
      if let owner = suppression.owner { terms.append("owner " + MarkdownText.code(owner)) }
      terms.append("until " + MarkdownText.code(suppression.expires))
      terms.append(MarkdownText.code("\(suppression.location.file):\(suppression.location.line)"))
      out += "  - " + MarkdownText.escaped(suppression.reason) + " (" + terms.joined(separator: ", ") + ")\n"
    }
    return out
  }

  private func resolvedText(_ finding: Finding) -> String {
    var out = "- " + MarkdownText.code(finding.resource.text)
    if !finding.path.isRoot { out += " · " + MarkdownText.code(finding.path.description) }
    var why: [String] = []
    if let security = finding.security { why.append(MarkdownText.code(security.rule) + " weakened it") }
    if let lastSeen = finding.lastSeen { why.append("last seen " + MarkdownText.code(lastSeen)) }
    if !why.isEmpty { out += " (" + why.joined(separator: "; ") + ")" }
    return out + "\n"
  }

  private func footerText(_ report: DriftReport) -> String {
    var out = "<sub>driftback " + MarkdownText.escaped(report.toolVersion)
    if let generatedAt = report.generatedAt { out += " · generated " + MarkdownText.escaped(generatedAt) }
    return out + "</sub>\n"
  }
}

// MARK: - Values and names

extension MarkdownReportRenderer {
  /// The value on one line, or `nil` when it is too long or spans lines (it is then folded).
  private func inlineValue(_ value: Value) -> String? {
    let text: String
    if case .string(let string) = value.kind {
      guard !string.contains("\n") else { return nil }
      let plain =
        !string.isEmpty && string.trimmingSpaces == string
        && !string.unicodeScalars.contains(where: MarkdownText.isControl)
      text = plain ? string : JSONWriter.compact(value.withoutSpans)
    } else {
      text = JSONWriter.compact(value.withoutSpans)
    }
    return text.count > maxInlineValueWidth ? nil : text
  }

  /// The value for a folded code block: a string as it is, anything else as indented JSON.
  private func blockValue(_ value: Value) -> String {
    if case .string(let string) = value.kind { return string }
    return JSONWriter.write(value.withoutSpans, sortKeys: false)
  }

  /// Where the finding is in the IaC: its value's location, else its resource's.
  private static func location(of finding: Finding, report: DriftReport) -> SourceLocationText? {
    if let location = finding.source?.location { return SourceLocationText(file: location.file, line: location.line) }
    if let location = report.analysis.iacResources[finding.resource]?.location {
      return SourceLocationText(file: location.file, line: location.line)
    }
    return nil
  }

  private struct SourceLocationText {
    var file: String
    var line: Int
  }

  static func kindTitle(_ kind: Finding.Kind) -> String {
    switch kind {
    case .runtimePatch: "Runtime patch"
    case .regression: "Regression"
    case .unmanaged: "Unmanaged"
    case .missing: "Missing"
    case .secretInIaC: "Secret in IaC"
    }
  }

  static func title(_ severity: Finding.Severity) -> String {
    switch severity {
    case .critical: "Critical"
    case .high: "High"
    case .medium: "Medium"
    case .low: "Low"
    case .info: "Info"
    }
  }

  static func ecosystemTitle(_ ecosystem: Ecosystem) -> String {
    switch ecosystem {
    case .kubernetes: "Kubernetes"
    case .terraform: "Terraform"
    case .cloudformation: "CloudFormation"
    }
  }

  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }

  /// `65536` as `65,536`.
  static func grouped(_ number: Int) -> String {
    let digits = Array(String(number))
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
      out.append(digit)
    }
    return out
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and line breaks.
  fileprivate var trimmingSpaces: Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return self[start...end]
  }
}
