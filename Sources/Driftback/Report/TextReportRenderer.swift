/// Renders a report for people: findings grouped by resource, the IaC file and line of each, IaC and
/// live values side by side, how long each finding has been there, a summary at the end. Colour only when
/// asked (the CLI asks on a terminal).
public struct TextReportRenderer: ReportRenderer {
  /// Whether to use ANSI colours.
  public var color: Bool
  /// Longest value shown inline before it is shortened (the JSON report has it whole).
  public var maxValueWidth: Int

  /// Creates a renderer.
  public init(color: Bool, maxValueWidth: Int = 72) {
    self.color = color
    self.maxValueWidth = maxValueWidth
  }

  /// Writes the text.
  public func write<Target: TextOutputStream>(_ report: DriftReport, to target: inout Target) {
    let analysis = report.analysis
    var out = ""
    var header = report.beforeLabel == nil ? "driftback report" : "driftback verify"
    if let label = report.captureLabel {
      header += " · capture \(label)"
      if let at = report.capturedAt { header += " (\(at))" }
    }
    if let before = report.beforeLabel {
      header += " · before the deploy: \(before)"
      if let at = report.captureTimes[before] { header += " (\(at))" }
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
      target.write(out)
      out = ""
      for finding in findings { target.write(renderFinding(finding, report: report)) }
    }
    out += "\n" + summaryLine(analysis) + "\n"
    for finding in analysis.resolved { out += resolvedLine(finding) + "\n" }
    if report.beforeLabel != nil { out += verdictLine(analysis) + "\n" }
    target.write(out)
  }

  private func renderFinding(_ finding: Finding, report: DriftReport) -> String {
    var out = ""
    let (symbol, style): (String, Style) =
      switch (finding.kind, finding.change) {
      case (.regression, _), (.secretInIaC, _): ("!", .red)
      case (_, .changed): ("~", .yellow)
      case (_, .added): ("+", .green)
      case (_, .removed): ("-", .red)
      }
    let what: String
    switch finding.kind {
    case .unmanaged: what = "unmanaged: live only"
    case .missing: what = "missing: declared in IaC, not running"
    case .runtimePatch: what = finding.path.description
    case .secretInIaC:
      what = (finding.path.isRoot ? "" : finding.path.description + "  ") + paint("secret written in the IaC", .red)
    case .regression:
      what =
        finding.path.description + "  "
        + paint("regression: lost after \(finding.lastSeen ?? "an earlier capture")", .red)
    }
    out += "  " + paint(symbol, style) + " " + what + "\n"
    if finding.kind == .runtimePatch {
      let iac = finding.iac.map(short) ?? "(absent)"
      let live = finding.live.map(short) ?? "(absent)"
      out += "      iac  " + iac + "\n"
      out += "      live " + live + "\n"
    } else if finding.kind == .regression {
      // The value the runtime patch had, which the IaC would need to keep it.
      out += "      iac              " + (finding.iac.map(short) ?? "(absent)") + "\n"
      out += "      live (last seen) " + (finding.live.map(short) ?? "(absent)") + "\n"
    } else if finding.kind == .secretInIaC {
      out += "      iac  " + (finding.iac.map(short) ?? "(redacted)") + "\n"
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
    if let firstSeen = finding.firstSeen {
      let age = firstSeen == report.captureLabel ? "new" : report.age(of: firstSeen)
      let since = finding.kind == .regression ? "patched since" : "since"
      facts.append("\(since) \(firstSeen)" + (age.map { " (\($0))" } ?? ""))
    }
    out += "      " + facts.joined(separator: " · ") + paint("  [\(finding.id)]", .dim) + "\n"
    if let source = finding.source, let location = source.location,
      finding.kind == .runtimePatch || finding.kind == .regression || finding.kind == .secretInIaC
    {
      let note = source.isExact ? "" : " (nearest: \(source.path.isRoot ? "object" : source.path.description))"
      out += "      " + paint("at \(location.file):\(location.line):\(location.column)\(note)", .dim) + "\n"
    }
    if let security = finding.security, security.direction == .weakens {
      out += "      " + paint(security.summary, .dim) + "\n"
    }
    if let suppression = finding.suppressedBy {
      let terms = (suppression.owner.map { [$0] } ?? []) + ["until \(suppression.expires)"]
      out += "      " + paint("suppressed: \(suppression.reason) (\(terms.joined(separator: ", ")))", .dim) + "\n"
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
    if !analysis.resolved.isEmpty { line += " · \(analysis.resolved.count) resolved" }
    return paint(line, .bold)
  }

  /// One line for a runtime change that weakened security and is gone.
  private func resolvedLine(_ finding: Finding) -> String {
    var what = finding.resource.text
    if !finding.path.isRoot { what += " " + finding.path.description }
    var why: [String] = []
    if let security = finding.security { why.append("\(security.rule) weakened it") }
    if let lastSeen = finding.lastSeen { why.append("last seen \(lastSeen)") }
    return "resolved: " + what + (why.isEmpty ? "" : " (" + why.joined(separator: "; ") + ")")
  }

  /// The outcome of a post-deploy verification, in one line.
  private func verdictLine(_ analysis: Analysis) -> String {
    let regressions = PostDeployVerification.regressions(analysis).count
    let unconverged = Set(PostDeployVerification.unconverged(analysis).map(\.resource)).count
    guard regressions > 0 || unconverged > 0 else {
      return paint("verify: passed · no regression, every resource converged", .green)
    }
    let regressionText = regressions == 0 ? "no regression" : Self.count(regressions, "regression")
    let unconvergedText =
      unconverged == 0
      ? "every resource converged" : "\(Self.count(unconverged, "resource")) not converged"
    return paint("verify: failed · \(regressionText), \(unconvergedText)", .red)
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
