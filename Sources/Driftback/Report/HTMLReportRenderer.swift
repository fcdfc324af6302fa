/// Renders a report as one self-contained HTML page for the nightly report: a summary (counts, inline SVG
/// charts of findings by severity, by ecosystem and over the captures), a findings table that plain
/// JavaScript filters (and that reads the same with JavaScript off), and per finding the IaC and live values
/// side by side with the proposed back-port diff. No external script, font, style or image; every value is
/// escaped; secrets are already redacted in the report; no wall clock and no absolute path.
public struct HTMLReportRenderer: ReportRenderer {
  /// Creates a renderer.
  public init() {}

  /// Writes the page, section by section.
  public func write<Target: TextOutputStream>(_ report: DriftReport, to target: inout Target) {
    let findings = Self.displayOrder(report.analysis.findings)
    target.write(head(report))
    target.write(header(report))
    target.write(summary(report))
    target.write(table(findings, report: report))
    target.write("<section id=\"details\" aria-labelledby=\"details-title\">\n")
    target.write("<h2 id=\"details-title\">Findings in detail</h2>\n")
    if !findings.isEmpty {
      target.write(
        "<div class=\"toolbar\" id=\"toolbar\" hidden><button type=\"button\" id=\"expand\">Expand all</button>"
          + "<button type=\"button\" id=\"collapse\">Collapse all</button></div>\n")
    } else {
      target.write("<p class=\"meta\">No findings.</p>\n")
    }
    for finding in findings { target.write(details(finding, report: report)) }
    target.write("</section>\n")
    target.write(resolved(report))
    target.write(diagnostics(report))
    target.write(footer(report))
  }

  /// Findings most urgent first (severity, then the report's order: resource, path, kind).
  static func displayOrder(_ findings: [Finding]) -> [Finding] {
    findings.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }
      .map(\.element)
  }
}

// MARK: - Page sections

extension HTMLReportRenderer {
  private func head(_ report: DriftReport) -> String {
    var title = report.beforeLabel == nil ? "driftback report" : "driftback verify"
    if let label = report.captureLabel { title += " · " + label }
    return """
      <!DOCTYPE html>
      <html lang="en" data-js="off">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta http-equiv="Content-Security-Policy" content="\(HTMLReportAssets.contentSecurityPolicy)">
      <meta name="generator" content="driftback \(html(report.toolVersion))">
      <title>\(html(title))</title>
      <style>
      \(HTMLReportAssets.style)
      </style>
      </head>
      <body>
      <div class="page">

      """
  }

  private func header(_ report: DriftReport) -> String {
    let analysis = report.analysis
    var meta: [String] = []
    if let label = report.captureLabel {
      var text = "capture <b>\(html(label))</b>"
      if let at = report.capturedAt, at != label { text += " taken <time>\(html(at))</time>" }
      meta.append(text)
    } else if let at = report.capturedAt {
      meta.append("capture taken <time>\(html(at))</time>")
    }
    if let before = report.beforeLabel {
      var text = "before the deploy <b>\(html(before))</b>"
      if let at = report.captureTimes[before] { text += " (<time>\(html(at))</time>)" }
      meta.append(text)
    }
    meta.append("driftback \(html(report.toolVersion))")
    if let generated = report.generatedAt { meta.append("generated <time>\(html(generated))</time>") }
    let (verdict, good) = Self.verdict(report)
    var out = "<header class=\"top\"><div>\n"
    out += "<h1>\(report.beforeLabel == nil ? "Drift report" : "Post-deploy verification")</h1>\n"
    out += "<p class=\"meta\">" + meta.joined(separator: " · ") + "</p>\n"
    out += "</div>\n<p class=\"verdict \(good ? "good" : "bad")\" role=\"status\">\(html(verdict))</p>\n"
    out += "</header>\n"
    if analysis.unknownValues > 0 {
      out +=
        "<p class=\"meta\">\(html(SVGChart.counted(analysis.unknownValues, "configured value"))) not known "
        + "statically (not compared).</p>\n"
    }
    return out
  }

  /// One sentence on the outcome, and whether it is good news.
  static func verdict(_ report: DriftReport) -> (String, Bool) {
    let analysis = report.analysis
    if report.beforeLabel != nil {
      let regressions = PostDeployVerification.regressions(analysis).count
      let unconverged = Set(PostDeployVerification.unconverged(analysis).map(\.resource)).count
      guard regressions > 0 || unconverged > 0 else { return ("Passed: no regression, every resource converged", true) }
      var parts: [String] = []
      if regressions > 0 { parts.append(SVGChart.counted(regressions, "regression")) }
      if unconverged > 0 { parts.append("\(SVGChart.counted(unconverged, "resource")) not converged") }
      return ("Failed: " + parts.joined(separator: ", "), false)
    }
    let active = analysis.activeFindings
    guard !active.isEmpty else {
      return (analysis.findings.isEmpty ? "In sync" : "In sync apart from suppressed findings", true)
    }
    var parts: [String] = []
    for action in Finding.Action.allCases {
      let count = active.filter { $0.action == action }.count
      if count > 0 { parts.append("\(count) to \(action == .backport ? "back-port" : action.rawValue)") }
    }
    return ("\(SVGChart.counted(active.count, "finding")) need action: " + parts.joined(separator: ", "), false)
  }

  private func summary(_ report: DriftReport) -> String {
    let summary = report.analysis.summary
    let findings = report.analysis.findings
    let cards: [(Int, String, String)] = [
      (summary.resources, "resources", ""),
      (summary.inSync, "in sync", "ok"),
      (summary.drifted, "drifted", summary.drifted > 0 ? "warn" : ""),
      (summary.unmanaged, "unmanaged", summary.unmanaged > 0 ? "warn" : ""),
      (summary.missing, "missing", summary.missing > 0 ? "warn" : ""),
      (summary.findings, "findings", summary.findings > 0 ? "warn" : "ok"),
      (summary.regressions, "regressions", summary.regressions > 0 ? "bad" : ""),
      (summary.suppressed, "suppressed", ""),
    ]
    var out = "<section id=\"summary\" aria-label=\"Summary\">\n<div class=\"cards\">\n"
    for (count, label, style) in cards {
      out += "<div class=\"card\(style.isEmpty ? "" : " " + style)\"><span class=\"n\">\(count)</span>"
      out += "<span class=\"l\">\(label)</span></div>\n"
    }
    out += "</div>\n<div class=\"charts\">\n"
    let bySeverity = Finding.Severity.allCases.map { severity in
      SVGChart.Bar(
        label: severity.rawValue, count: findings.filter { $0.severity == severity }.count,
        style: "s-" + severity.rawValue)
    }
    out += "<figure><figcaption>By severity</figcaption>\n"
    out += SVGChart.bars(title: "Findings by severity", id: "chart-severity", bars: bySeverity, noun: "finding")
    out += "\n</figure>\n"
    let byEcosystem = Ecosystem.allCases.map { ecosystem in
      SVGChart.Bar(
        label: ecosystem.rawValue, count: findings.filter { $0.ecosystem == ecosystem }.count,
        style: "e-" + ecosystem.rawValue)
    }
    let byAction = Finding.Action.allCases.map { action in
      SVGChart.Bar(
        label: action.rawValue, count: findings.filter { $0.action == action }.count, style: "a-" + action.rawValue)
    }
    out += "<figure><figcaption>By ecosystem and action</figcaption>\n"
    out += SVGChart.bars(
      title: "Findings by ecosystem", id: "chart-ecosystem", bars: byEcosystem, noun: "finding")
    out += "\n"
    out += SVGChart.bars(title: "Findings by action", id: "chart-action", bars: byAction, noun: "finding")
    out += "\n</figure>\n"
    out += trend(report)
    out += "</div>\n</section>\n"
    return out
  }

  private func trend(_ report: DriftReport) -> String {
    let points = report.trend
    let columns = points.enumerated().map { index, point in
      SVGChart.Column(
        label: point.label,
        parts: Finding.Severity.allCases.map {
          SVGChart.Bar(label: $0.rawValue, count: point.bySeverity[$0] ?? 0, style: "s-" + $0.rawValue)
        },
        callout: point.regressions, isCurrent: index == points.count - 1)
    }
    let caption =
      points.count == 1
      ? "only this capture (no earlier captures in the history)"
      : "\(points.count) captures, oldest first; regressions in red"
    var out = "<figure><figcaption>Findings over the captures <small>\(html(caption))</small></figcaption>\n"
    out += SVGChart.columns(
      title: "Findings over the captures", id: "chart-trend", columns: columns, noun: "finding",
      calloutNoun: "regression")
    out += "\n<div class=\"legend\">"
    for severity in Finding.Severity.allCases {
      out += "<span><i class=\"s-\(severity.rawValue)\"></i>\(severity.rawValue)</span>"
    }
    out += "</div>\n</figure>\n"
    return out
  }

  private func table(_ findings: [Finding], report: DriftReport) -> String {
    var out = "<section id=\"findings\" aria-labelledby=\"findings-title\">\n"
    out += "<h2 id=\"findings-title\">Findings (\(findings.count))</h2>\n"
    out += filters(findings)
    out += "<div class=\"tablewrap\"><table class=\"findings\">\n<colgroup><col class=\"c-sev\"><col class=\"c-kind\">"
    out += "<col class=\"c-res\"><col class=\"c-path\"><col class=\"c-act\"><col class=\"c-age\"><col class=\"c-src\">"
    // `data-sort` names what a click on the header sorts by (the script does it; the order without it is
    // most severe first).
    out += "</colgroup>\n<thead><tr><th scope=\"col\" data-sort=\"severity\">Severity</th>"
    out += "<th scope=\"col\" data-sort=\"kind\">Kind</th><th scope=\"col\" data-sort=\"resource\">Resource</th>"
    out += "<th scope=\"col\" data-sort=\"path\">Path</th><th scope=\"col\" data-sort=\"action\">Action</th>"
    out +=
      "<th scope=\"col\" data-sort=\"age\">Age</th><th scope=\"col\" data-sort=\"source\">Source</th></tr></thead>\n"
    out += "<tbody>\n"
    for finding in findings { out += row(finding, report: report) }
    if findings.isEmpty {
      out += "<tr><td colspan=\"7\">No drift: the live resources match the IaC.</td></tr>\n"
    }
    out += "<tr id=\"no-match\" hidden><td colspan=\"7\">No finding matches the filters.</td></tr>\n"
    out += "</tbody>\n</table></div>\n</section>\n"
    return out
  }

  /// The filter controls: hidden until the script runs (they do nothing without it).
  private func filters(_ findings: [Finding]) -> String {
    func select(_ name: String, _ all: String, _ values: [String]) -> String {
      let present = Set(values)
      var out = "<select name=\"\(name)\" aria-label=\"\(html(name))\"><option value=\"\">\(html(all))</option>"
      for value in values where present.contains(value) {
        out += "<option value=\"\(html(value))\">\(html(value))</option>"
      }
      return out + "</select>"
    }
    let severities = Finding.Severity.allCases.filter { s in findings.contains { $0.severity == s } }
    let kinds = Finding.Kind.allCases.filter { k in findings.contains { $0.kind == k } }
    let ecosystems = Ecosystem.allCases.filter { x in findings.contains { $0.ecosystem == x } }
    let actions = Finding.Action.allCases.filter { a in findings.contains { $0.action == a } }
    var out = "<form class=\"filters\" id=\"filters\" role=\"search\" hidden>"
    out += "<input type=\"search\" name=\"q\" placeholder=\"Filter by resource, path, rule, file, id…\""
    out += " aria-label=\"Filter findings\">"
    out += select("severity", "all severities", severities.map(\.rawValue))
    out += select("kind", "all kinds", kinds.map(\.rawValue))
    out += select("ecosystem", "all ecosystems", ecosystems.map(\.rawValue))
    out += select("action", "all actions", actions.map(\.rawValue))
    out += "<label class=\"check\"><input type=\"checkbox\" name=\"hideSuppressed\"> hide suppressed</label>"
    out += "<button type=\"reset\">Reset</button>"
    out += "<span class=\"shown\" id=\"shown\" aria-live=\"polite\"></span></form>\n"
    return out
  }

  private func row(_ finding: Finding, report: DriftReport) -> String {
    var haystack = [
      finding.id, finding.resource.text, finding.path.description, finding.kind.rawValue,
      finding.severity.rawValue, finding.action.rawValue, finding.ecosystem.rawValue,
    ]
    if let location = finding.source?.location { haystack.append("\(location.file):\(location.line)") }
    if let security = finding.security { haystack.append(security.rule) }
    if finding.suppressedBy != nil { haystack.append("suppressed") }
    if finding.involvesSecret { haystack.append("secret") }
    var out = "<tr class=\"finding\(finding.suppressedBy == nil ? "" : " suppressed")\" data-id=\"\(html(finding.id))\""
    out += " data-severity=\"\(finding.severity.rawValue)\" data-kind=\"\(finding.kind.rawValue)\""
    out += " data-ecosystem=\"\(finding.ecosystem.rawValue)\" data-action=\"\(finding.action.rawValue)\""
    out += " data-suppressed=\"\(finding.suppressedBy == nil ? "false" : "true")\""
    out += " data-resource=\"\(html(finding.resource.text.lowercased()))\""
    out += " data-rank=\"\(Finding.Severity.allCases.firstIndex(of: finding.severity) ?? 0)\""
    out += " data-first-seen=\"\(html(finding.firstSeen.flatMap { report.captureTimes[$0] ?? $0 } ?? ""))\""
    out += " data-text=\"\(html(haystack.joined(separator: " ").lowercased()))\">"
    out += "<td>\(severityBadge(finding.severity))</td>"
    out += "<td class=\"kind\">\(finding.kind.rawValue)\(tags(finding))</td>"
    out += "<td class=\"res\">\(ecosystemTag(finding.ecosystem))\(HTMLText.breakable(finding.resource.text))</td>"
    let path =
      finding.path.isRoot
      ? "<span class=\"absent\">whole resource</span>" : HTMLText.breakable(finding.path.description)
    out += "<td class=\"path\"><a href=\"#f-\(html(finding.id))\">\(path)</a></td>"
    out += "<td class=\"act\">\(actionLabel(finding))</td>"
    out += "<td class=\"age\">\(age(finding, report: report))</td>"
    if let location = finding.source?.location {
      // The folder above the file name, so the column stays narrow and the file reads first.
      let slash = location.file.lastIndex(of: "/")
      let folder = slash.map { location.file[...$0] } ?? ""
      let name = slash.map { location.file[location.file.index(after: $0)...] } ?? Substring(location.file)
      out += "<td class=\"src\" title=\"\(html(location.description))\">"
      if !folder.isEmpty { out += "<span class=\"dir\">\(HTMLText.breakable(folder))</span>" }
      out += "\(HTMLText.breakable(name)):\(location.line)</td>"
    } else {
      out += "<td class=\"src\">—</td>"
    }
    out += "</tr>\n"
    return out
  }

  private func resolved(_ report: DriftReport) -> String {
    let resolved = report.analysis.resolved
    guard !resolved.isEmpty else { return "" }
    var out = "<section id=\"resolved\" aria-labelledby=\"resolved-title\">\n"
    out += "<h2 id=\"resolved-title\">Resolved (\(resolved.count))</h2>\n"
    out += "<p class=\"meta\">Runtime changes that weakened security in an earlier capture and are gone now.</p>\n"
    out += "<ul class=\"plain\">\n"
    for finding in resolved {
      out += "<li>\(severityBadge(finding.severity)) <code>\(html(finding.resource.text))</code>"
      if !finding.path.isRoot { out += " <code>\(html(finding.path.description))</code>" }
      var why: [String] = []
      if let security = finding.security { why.append("\(security.rule) weakened it") }
      if let lastSeen = finding.lastSeen { why.append("last seen \(lastSeen)") }
      if !why.isEmpty { out += " — " + html(why.joined(separator: "; ")) }
      out += "</li>\n"
    }
    out += "</ul>\n</section>\n"
    return out
  }

  private func diagnostics(_ report: DriftReport) -> String {
    let diagnostics = report.analysis.diagnostics
    guard !diagnostics.isEmpty else { return "" }
    var out = "<section id=\"diagnostics\" aria-labelledby=\"diagnostics-title\">\n"
    out += "<h2 id=\"diagnostics-title\">Notes on the input (\(diagnostics.count))</h2>\n<ul class=\"plain\">\n"
    for diagnostic in diagnostics {
      out += "<li><b>\(diagnostic.severity.rawValue)</b> "
      if let location = diagnostic.location {
        let place = location.line > 0 ? "\(location.file):\(location.line)" : location.file
        out += "<code>\(html(place))</code> "
      }
      out += html(diagnostic.message) + "</li>\n"
    }
    out += "</ul>\n</section>\n"
    return out
  }

  private func footer(_ report: DriftReport) -> String {
    var out =
      "<footer>Written by driftback \(html(report.toolVersion)). Values known or detected as secret are redacted."
    out += " Apply a proposed back-port with <code>driftback backport --finding ID --apply</code>, or open one"
    out += " branch per finding with <code>--git-branch PREFIX</code>."
    out += "</footer>\n</div>\n<script>\n" + HTMLReportAssets.script + "\n</script>\n</body>\n</html>\n"
    return out
  }
}

// MARK: - Small pieces

extension HTMLReportRenderer {
  /// Escapes text for HTML.
  func html(_ text: some StringProtocol) -> String { HTMLText.escape(text) }

  func severityBadge(_ severity: Finding.Severity) -> String {
    "<span class=\"badge s-\(severity.rawValue)\">\(severity.rawValue)</span>"
  }

  func ecosystemTag(_ ecosystem: Ecosystem) -> String {
    let short =
      switch ecosystem {
      case .kubernetes: "K8S"
      case .terraform: "TF"
      case .cloudformation: "CFN"
      }
    return "<span class=\"eco e-\(ecosystem.rawValue)\" title=\"\(ecosystem.rawValue)\">\(short)</span>"
  }

  func actionLabel(_ finding: Finding) -> String {
    var out = "<span class=\"act a-\(finding.action.rawValue)\">\(finding.action.rawValue)</span>"
    if let security = finding.security {
      let style =
        switch security.direction {
        case .weakens: " weak"
        case .strengthens: " hard"
        case .relevant: ""
        }
      out += "<span class=\"tag\(style)\" title=\"\(html(security.rule + ": " + security.summary))\">"
      out += "\(html(security.direction.rawValue))</span>"
    }
    return out
  }

  func tags(_ finding: Finding) -> String {
    var out = ""
    if finding.suppressedBy != nil { out += "<span class=\"tag\">suppressed</span>" }
    if finding.involvesSecret { out += "<span class=\"tag weak\">secret</span>" }
    return out
  }

  /// `new`, `2 days`, with the first capture as a tooltip; `—` when unknown.
  func age(_ finding: Finding, report: DriftReport) -> String {
    guard let firstSeen = finding.firstSeen else { return "—" }
    let age = firstSeen == report.captureLabel ? "new" : report.age(of: firstSeen) ?? firstSeen
    return "<span title=\"first seen \(html(firstSeen))\">\(html(age))</span>"
  }
}
