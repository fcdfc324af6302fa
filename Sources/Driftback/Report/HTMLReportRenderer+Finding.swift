/// The per-finding block of the HTML report: facts, the IaC and live values side by side (the lines that
/// differ marked), and the proposed back-port diff or the reason there is none.
extension HTMLReportRenderer {
  func details(_ finding: Finding, report: DriftReport) -> String {
    var out = "<details class=\"finding\" id=\"f-\(html(finding.id))\">\n<summary>"
    out += severityBadge(finding.severity) + " " + ecosystemTag(finding.ecosystem)
    out += "<code>\(HTMLText.breakable(finding.resource.text))</code>"
    if !finding.path.isRoot { out += " <code>\(HTMLText.breakable(finding.path.description))</code>" }
    out += " <span class=\"meta\">· \(finding.kind.rawValue) · \(finding.action.rawValue)</span>\(tags(finding))"
    out += "</summary>\n<div class=\"body\">\n"
    out += facts(finding, report: report)
    out += values(finding)
    out += backport(finding, report: report)
    out += "</div>\n</details>\n"
    return out
  }

  // MARK: - Facts

  private func facts(_ finding: Finding, report: DriftReport) -> String {
    var rows: [(String, String)] = []
    let change =
      switch finding.kind {
      case .unmanaged: "runs live, not declared in the IaC"
      case .missing: "declared in the IaC, not running"
      case .secretInIaC: "a secret is written literally in the IaC"
      case .regression: "a runtime patch was lost: live is back at the IaC value"
      case .runtimePatch:
        switch finding.change {
        case .changed: "live value differs from the IaC"
        case .added: "present live, absent in the IaC"
        case .removed: "present in the IaC, absent live"
        }
      }
    rows.append(("Change", html(change)))
    if let security = finding.security {
      rows.append(
        (
          "Security",
          "<b>\(html(security.rule))</b> \(html(security.direction.rawValue)) (\(security.severity.rawValue)): "
            + html(security.summary)
        ))
    }
    if let source = finding.source, let location = source.location {
      var text = "<code>\(html(location.description))</code>"
      if !source.isExact {
        let nearest = source.path.isRoot ? "the object" : source.path.description
        text += " <span class=\"meta\">(nearest written parent: \(html(nearest)))</span>"
      }
      rows.append(("Source", text))
    } else if let resource = report.analysis.iacResources[finding.resource], let location = resource.location {
      rows.append(("Source", "<code>\(html("\(location.file):\(location.line)"))</code>"))
    }
    if let firstSeen = finding.firstSeen {
      let age = firstSeen == report.captureLabel ? "new in this capture" : report.age(of: firstSeen).map { "\($0) ago" }
      let label = finding.kind == .regression ? "Patched since" : "First seen"
      rows.append((label, html(firstSeen) + (age.map { " <span class=\"meta\">(\(html($0)))</span>" } ?? "")))
    }
    if let lastSeen = finding.lastSeen {
      rows.append(("Last seen", html(lastSeen) + (finding.kind == .regression ? " (the patch was still live)" : "")))
    }
    if let suppression = finding.suppressedBy {
      var text = html(suppression.reason)
      let terms = (suppression.owner.map { [$0] } ?? []) + ["until \(suppression.expires)"]
      text += " <span class=\"meta\">(\(html(terms.joined(separator: ", "))); rule at "
      text += "<code>\(html("\(suppression.location.file):\(suppression.location.line)"))</code>)</span>"
      rows.append(("Suppressed", text))
    }
    if finding.involvesSecret { rows.append(("Secret", "values are redacted")) }
    rows.append(("Finding id", "<code>\(html(finding.id))</code>"))
    var out = "<dl class=\"facts\">"
    for (term, definition) in rows { out += "<dt>\(term)</dt><dd>\(definition)</dd>" }
    return out + "</dl>\n"
  }

  // MARK: - Values

  private func values(_ finding: Finding) -> String {
    let liveTitle =
      finding.kind == .regression
      ? "Live, last seen\(finding.lastSeen.map { " in " + $0 } ?? "") (lost since)" : "Live"
    let iacAbsent =
      switch finding.kind {
      case .unmanaged: "not in the IaC"
      default: "absent"
      }
    let liveAbsent =
      switch finding.kind {
      case .missing: "not running"
      case .secretInIaC: "not compared"
      default: "absent"
      }
    let iacLines = finding.iac.map(Self.lines(of:))
    let liveLines = finding.live.map(Self.lines(of:))
    var iacMarks = Set<Int>()
    var liveMarks = Set<Int>()
    if let iacLines, let liveLines, iacLines.count > 1 || liveLines.count > 1 {
      (iacMarks, liveMarks) = Self.differingLines(iacLines, liveLines)
    }
    var out = "<div class=\"values\">\n"
    out += column("In the IaC", lines: iacLines, marks: iacMarks, absent: iacAbsent)
    out += column(liveTitle, lines: liveLines, marks: liveMarks, absent: liveAbsent)
    out += "</div>\n"
    return out
  }

  private func column(_ title: String, lines: [String]?, marks: Set<Int>, absent: String) -> String {
    var out = "<div><h3>\(html(title))</h3>"
    guard let lines else { return out + "<pre class=\"absent\">(\(html(absent)))</pre></div>\n" }
    out += "<pre>"
    for (index, line) in lines.enumerated() {
      if index > 0 { out += "\n" }
      out += marks.contains(index) ? "<span class=\"chg\">\(html(line))</span>" : html(line)
    }
    return out + "</pre></div>\n"
  }

  /// A value as pretty JSON (keys sorted), one string per line.
  static func lines(of value: Value) -> [String] {
    var text = JSONWriter.write(value.withoutSpans)
    if text.hasSuffix("\n") { text.removeLast() }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// The lines of each side outside a longest common subsequence of both (nothing marked when the values
  /// are too large to compare cheaply).
  static func differingLines(_ left: [String], _ right: [String]) -> (Set<Int>, Set<Int>) {
    guard left.count * right.count <= 250_000 else { return ([], []) }
    let width = right.count + 1
    var table = [Int](repeating: 0, count: (left.count + 1) * width)
    for i in stride(from: left.count - 1, through: 0, by: -1) {
      for j in stride(from: right.count - 1, through: 0, by: -1) {
        table[i * width + j] =
          left[i] == right[j]
          ? table[(i + 1) * width + j + 1] + 1 : max(table[(i + 1) * width + j], table[i * width + j + 1])
      }
    }
    var leftMarks = Set<Int>()
    var rightMarks = Set<Int>()
    var i = 0
    var j = 0
    while i < left.count, j < right.count {
      if left[i] == right[j] {
        i += 1
        j += 1
      } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
        leftMarks.insert(i)
        i += 1
      } else {
        rightMarks.insert(j)
        j += 1
      }
    }
    while i < left.count {
      leftMarks.insert(i)
      i += 1
    }
    while j < right.count {
      rightMarks.insert(j)
      j += 1
    }
    return (leftMarks, rightMarks)
  }

  // MARK: - Back-port

  private func backport(_ finding: Finding, report: DriftReport) -> String {
    if let diff = report.backportDiffs[finding.id], !diff.isEmpty {
      var out = "<h3>Proposed back-port</h3>\n<pre class=\"diff\">"
      var first = true
      for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.isEmpty && !first { continue }
        if !first { out += "\n" }
        first = false
        let style: String? =
          if line.hasPrefix("+++") || line.hasPrefix("---") || line.hasPrefix("diff ") {
            "file"
          } else if line.hasPrefix("@@") {
            "hunk"
          } else if line.hasPrefix("+") {
            "add"
          } else if line.hasPrefix("-") {
            "del"
          } else {
            nil
          }
        out += style.map { "<span class=\"\($0)\">\(html(line))</span>" } ?? html(line)
      }
      out += "</pre>\n<p class=\"reason\">\(html(finding.backport.reason)) · apply it with "
      out += "<code>driftback backport --finding \(html(finding.id)) --apply</code></p>\n"
      return out
    }
    let title: String
    if finding.suppressedBy != nil {
      title = "No back-port: suppressed by an ignore rule"
    } else if finding.action == .backport && finding.backport.possible {
      title = "Back-port (no diff in this report)"
    } else if finding.action == .revert {
      title = "No back-port proposed: revert"
    } else {
      title = "No back-port proposed"
    }
    return "<h3>\(html(title))</h3>\n<p class=\"reason\">\(html(finding.backport.reason))</p>\n"
  }
}
