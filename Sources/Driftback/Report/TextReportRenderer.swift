/// Renders a report for people: findings grouped by resource, the IaC file and line of each, IaC and
/// live values side by side, a summary at the end. Colour only when asked (the CLI asks on a terminal).
public struct TextReportRenderer: Sendable {
  /// Whether to use ANSI colours.
  public var color: Bool
  /// Longest value shown inline before it is shortened (the JSON report has it whole).
  public var maxValueWidth: Int

  /// Creates a renderer.
  public init(color: Bool, maxValueWidth: Int = 72) {
    self.color = color
    self.maxValueWidth = maxValueWidth
  }

  /// The text.
  public func render(_ report: DriftReport) -> String {
    let analysis = report.analysis
    var out = ""
    var header = "driftback report"
    if let label = report.captureLabel {
      header += " · capture \(label)"
      if let at = report.capturedAt { header += " (\(at))" }
    }
    out += paint(header, .bold) + "\n"
    var groups: [(ResourceAddress, [Finding])] = []
    for finding in analysis.findings {
      if groups.last?.0 == finding.resource {
        groups[groups.count - 1].1.append(finding)
      } else {
        groups.append((finding.resource, [finding]))
      }
    }
    for (address, findings) in groups {
      out += "\n"
      var title = paint(address.text, .bold)
      if let resource = analysis.iacResources[address], let location = resource.location {
        title += "  " + paint("\(location.file):\(location.line)", .dim)
      } else if findings.first?.kind == .unmanaged {
        title += "  " + paint("(not in IaC)", .dim)
      }
      out += title + "\n"
      for finding in findings { out += renderFinding(finding) }
    }
    out += "\n" + summaryLine(analysis) + "\n"
    return out
  }

  private func renderFinding(_ finding: Finding) -> String {
    var out = ""
    let (symbol, style): (String, Style) =
      switch finding.change {
      case .changed: ("~", .yellow)
      case .added: ("+", .green)
      case .removed: ("-", .red)
      }
    let what: String
    switch finding.kind {
    case .unmanaged: what = "unmanaged: live only"
    case .missing: what = "missing: declared in IaC, not running"
    case .runtimePatch, .regression: what = finding.path.description
    }
    out += "  " + paint(symbol, style) + " " + what + "\n"
    if finding.kind == .runtimePatch || finding.kind == .regression {
      let iac = finding.iac.map(short) ?? "(absent)"
      let live = finding.live.map(short) ?? "(absent)"
      out += "      iac  " + iac + "\n"
      out += "      live " + live + "\n"
    } else if finding.kind == .unmanaged, let live = finding.live {
      out += "      live " + short(live) + "\n"
    }
    var facts = [finding.kind.rawValue, finding.severity.rawValue]
    let actionText = paint(
      finding.action.rawValue, finding.action == .revert ? .red : finding.action == .backport ? .green : .yellow)
    facts.append(actionText)
    if let security = finding.security {
      facts.append("\(security.rule) \(security.direction.rawValue)")
    }
    if finding.involvesSecret { facts.append("secret (redacted)") }
    if let firstSeen = finding.firstSeen { facts.append("since \(firstSeen)") }
    out += "      " + facts.joined(separator: " · ") + paint("  [\(finding.id)]", .dim) + "\n"
    if let source = finding.source, let location = source.location, finding.kind == .runtimePatch {
      let note = source.isExact ? "" : " (nearest: \(source.path.isRoot ? "object" : source.path.description))"
      out += "      " + paint("at \(location.file):\(location.line):\(location.column)\(note)", .dim) + "\n"
    }
    if let security = finding.security, security.direction == .weakens {
      out += "      " + paint(security.summary, .dim) + "\n"
    }
    if !finding.backport.possible || finding.action != .backport {
      out += "      " + paint(finding.backport.reason, .dim) + "\n"
    }
    return out
  }

  private func summaryLine(_ analysis: Analysis) -> String {
    let summary = analysis.summary
    var actions: [String] = []
    for action in Finding.Action.allCases {
      let count = analysis.findings.filter { $0.action == action }.count
      if count > 0 { actions.append("\(count) \(action.rawValue)") }
    }
    var line =
      "\(Self.count(summary.resources, "resource")): \(summary.inSync) in sync, \(summary.drifted) drifted, "
      + "\(summary.unmanaged) unmanaged, \(summary.missing) missing · \(Self.count(summary.findings, "finding"))"
    if !actions.isEmpty { line += " (" + actions.joined(separator: ", ") + ")" }
    if summary.regressions > 0 { line += " · \(Self.count(summary.regressions, "regression"))" }
    if summary.suppressed > 0 { line += " · \(summary.suppressed) suppressed" }
    if analysis.unknownValues > 0 {
      line += " · \(Self.count(analysis.unknownValues, "configured value")) not known statically (not compared)"
    }
    return paint(line, .bold)
  }

  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }

  /// A value on one line, shortened in the middle of nothing: cut at the end with an ellipsis.
  func short(_ value: Value) -> String {
    let text: String
    switch value.kind {
    case .string(let string):
      // Quoted when it would not read as one line, or when it holds control characters (a terminal
      // would obey an escape sequence hidden in a live value).
      let hasControl = string.unicodeScalars.contains {
        $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value)
      }
      text =
        hasControl || string.isEmpty
        ? JSONText.quoted(string, alsoEscape: { $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }) : string
    default: text = JSONWriter.compact(value.withoutSpans)
    }
    guard text.count > maxValueWidth else { return text }
    return String(text.prefix(maxValueWidth - 1)) + "…"
  }

  enum Style: String {
    case bold = "1"
    case dim = "2"
    case red = "31"
    case green = "32"
    case yellow = "33"
  }

  func paint(_ text: String, _ style: Style) -> String {
    color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
  }
}
