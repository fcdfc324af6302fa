import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

/// The HTML report on hand-built reports: escaping of hostile values everywhere a value goes, no external
/// resource, charts that match the counts, one table row per finding, diffs, determinism.
@Suite("HTML report renderer")
struct HTMLReportRendererTests {
  // MARK: - Fixtures

  static let hostile = "</script><script>alert(1)</script>\"onmouseover=alert(2) ']]><img src=x onerror=alert(3)>"

  static func finding(
    _ kind: Finding.Kind, _ resource: ResourceAddress, _ path: String, severity: Finding.Severity,
    action: Finding.Action = .backport, iac: Value? = nil, live: Value? = nil, file: String = "iac/web.yaml",
    firstSeen: String? = "2026-11-20T02-00Z"
  ) throws -> Finding {
    let valuePath = try ValuePath(parsing: path)
    return Finding(
      id: Finding.makeID(kind: kind, resource: resource, path: valuePath), kind: kind, resource: resource,
      path: valuePath, change: .changed, iac: iac, live: live,
      source: Provenance(
        file: file, location: SourceLocation(file: file, line: 7, column: 12), path: valuePath, isExact: true),
      severity: severity, security: nil, action: action,
      backport: .init(possible: action == .backport, reason: "set the value at \(file):7:12"),
      firstSeen: firstSeen, involvesSecret: false)
  }

  static let web = ResourceAddress.kubernetes(kind: "Deployment", group: "apps", namespace: "shop", name: "web")
  static let bucket = ResourceAddress(ecosystem: .terraform, text: "aws_s3_bucket.assets")
  static let stack = ResourceAddress(ecosystem: .cloudformation, text: "shop-edge/AssetsBucket")

  /// Four findings: three critical (two Kubernetes, one Terraform), one high (CloudFormation); a history of
  /// three captures.
  static func plainReport() throws -> DriftReport {
    var analysis = Analysis()
    analysis.findings = [
      try finding(.runtimePatch, web, "spec.replicas", severity: .critical, iac: 3, live: 5),
      try finding(.runtimePatch, web, "spec.paused", severity: .critical, iac: false, live: true),
      try finding(.regression, bucket, "tags.owner", severity: .critical, iac: nil, live: "team-a"),
      try finding(
        .runtimePatch, stack, "VersioningConfiguration.Status", severity: .high, action: .review,
        iac: "Suspended", live: "Enabled"),
    ]
    analysis.summary.resources = 5
    analysis.summary.drifted = 3
    analysis.summary.inSync = 2
    analysis.summary.findings = 4
    analysis.summary.regressions = 1
    analysis.timeline = [
      CaptureTrendPoint(
        label: "2026-11-19T02-00Z", capturedAt: nil, findings: 1, bySeverity: [.high: 1], regressions: 0),
      CaptureTrendPoint(
        label: "2026-11-20T02-00Z", capturedAt: nil, findings: 3, bySeverity: [.critical: 2, .high: 1],
        regressions: 0),
      CaptureTrendPoint(
        label: "2026-11-21T02-00Z", capturedAt: nil, findings: 4, bySeverity: [.critical: 3, .high: 1],
        regressions: 1),
    ]
    var report = DriftReport(
      toolVersion: "0.1.0", captureLabel: "2026-11-21T02-00Z", capturedAt: "2026-11-21T02:00:00Z",
      analysis: analysis)
    let replicas = analysis.findings[0].id
    report.backportDiffs[replicas] = """
      diff --git a/iac/web.yaml b/iac/web.yaml
      --- a/iac/web.yaml
      +++ b/iac/web.yaml
      @@ -6,3 +6,3 @@
       spec:
      -  replicas: 3
      +  replicas: 5
         selector:

      """
    return report
  }

  /// One finding with a hostile string in every field a value can reach the page through.
  static func hostileReport() throws -> DriftReport {
    let h = hostile
    let resource = ResourceAddress(ecosystem: .kubernetes, text: "ConfigMap/shop/" + h)
    var bad = try finding(
      .runtimePatch, resource, "data", severity: .high, iac: ["k": .string(h)], live: [h: .string(h), "n": 1],
      file: "iac/" + h + ".yaml", firstSeen: h)
    bad.path = ValuePath([.key(h), .item([ValuePath.KeyField(name: "name", value: h)])])
    bad.security = SecurityAssessment(rule: h, direction: .weakens, severity: .high, summary: h)
    bad.backport = .init(possible: false, reason: h)
    bad.lastSeen = h
    bad.suppressedBy = Suppression(
      reason: h, owner: h, expires: h, location: SourceLocation(file: h, line: 1, column: 1))
    bad.source?.isExact = false
    bad.source?.path = ValuePath([.key(h)])
    var resolved = bad
    resolved.id = h
    var analysis = Analysis(diagnostics: [
      Diagnostic(.warning, h, location: SourceLocation(file: h, line: 2, column: 1))
    ])
    analysis.findings = [bad]
    analysis.resolved = [resolved]
    analysis.summary.findings = 1
    analysis.timeline = [
      CaptureTrendPoint(label: h, capturedAt: h, findings: 1, bySeverity: [.high: 1], regressions: 1),
      CaptureTrendPoint(label: h + "T" + h, capturedAt: h, findings: 1, bySeverity: [.high: 1], regressions: 1),
    ]
    var report = DriftReport(
      toolVersion: h, captureLabel: h, capturedAt: h, analysis: analysis, captureTimes: [h: h], beforeLabel: h)
    report.generatedAt = h
    report.backportDiffs[bad.id] = "--- a/\(h)\n+++ b/\(h)\n@@ \(h) @@\n-\(h)\n+\(h)\n \(h)\n"
    return report
  }

  static func render(_ report: DriftReport) -> String { HTMLReportRenderer().render(report) }

  static func matches(_ pattern: String, in text: String) throws -> [[String]] {
    let regex = try NSRegularExpression(pattern: pattern)
    let string = text as NSString
    return regex.matches(in: text, range: NSRange(location: 0, length: string.length)).map { match in
      (0..<match.numberOfRanges).map {
        match.range(at: $0).location == NSNotFound ? "" : string.substring(with: match.range(at: $0))
      }
    }
  }

  // MARK: - Escaping

  @Test func hostileValuesNeverBreakOutOfTextOrAttributes() throws {
    let html = Self.render(try Self.hostileReport())
    // The fixed style sheet and script are the only raw-text elements, each exactly once, as written.
    #expect(html.components(separatedBy: "<script").count == 2)
    #expect(html.components(separatedBy: "</script>").count == 2)
    #expect(html.contains("<script>\n" + HTMLReportAssets.script + "\n</script>"))
    #expect(html.contains("<style>\n" + HTMLReportAssets.style + "\n</style>"))
    var markup = html
    for asset in [HTMLReportAssets.script, HTMLReportAssets.style] {
      markup = markup.replacingOccurrences(of: asset, with: "")
    }
    // Every `<` left starts a tag the renderer writes, with well-formed attributes and no event handler.
    let allowed: Set<String> = [
      "html", "head", "meta", "title", "style", "body", "div", "header", "h1", "h2", "h3", "p", "b", "time",
      "section", "span", "svg", "g", "text", "tspan", "rect", "line", "figure", "figcaption", "small", "i",
      "form", "input", "select", "option", "label", "button", "table", "colgroup", "col", "thead", "tbody", "tr",
      "th", "td", "a", "code", "wbr", "details", "summary", "dl", "dt", "dd", "pre", "ul", "li", "footer",
      "script",
    ]
    let lessThans = markup.filter { $0 == "<" }.count
    let tags = try Self.matches(
      #"<(/?)([a-z][a-z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*(?:="[^"<>]*")?)*)\s*/?>"#, in: markup)
    #expect(markup.hasPrefix("<!DOCTYPE html>\n"))
    #expect(tags.count == lessThans - 1, "a `<` that starts no tag of the renderer's own")
    for tag in tags {
      #expect(allowed.contains(tag[2]), "unexpected element <\(tag[2])>")
      let attributes = try Self.matches(
        #"\s+([a-zA-Z][a-zA-Z0-9:-]*)"#,
        in: tag[3].replacingOccurrences(
          of: #""[^"]*""#, with: "\"\"", options: .regularExpression))
      for attribute in attributes {
        #expect(!attribute[1].hasPrefix("on"), "event handler attribute \(attribute[1])")
        #expect(attribute[1] != "src" && attribute[1] != "style", "attribute \(attribute[1])")
      }
    }
    // The hostile text is there, escaped, in element text and attribute values alike.
    let escaped = HTMLText.escape(Self.hostile)
    #expect(escaped.contains("&lt;/script&gt;") && escaped.contains("&quot;onmouseover=") && escaped.contains("&#39;"))
    #expect(html.contains(">" + escaped + "<"))
    #expect(html.contains("title=\"first seen " + escaped + "\""))
    #expect(html.contains("data-text=\""))
    #expect(!html.contains("\"onmouseover"))
    #expect(!html.contains("<img"))
  }

  @Test func escapingCoversMarkupQuotesAndHiddenCharacters() {
    #expect(HTMLText.escape("a&b<c>\"d'e") == "a&amp;b&lt;c&gt;&quot;d&#39;e")
    #expect(HTMLText.escape("x\u{1B}[31my\u{202E}z\u{0}") == "x\\u{1B}[31my\\u{202E}z\\u{0}")
    #expect(HTMLText.escape("line\nnext\ttab ü 🚀") == "line\nnext\ttab ü 🚀")
    #expect(HTMLText.breakable("a/b.c<d") == "a/<wbr>b.<wbr>c&lt;d")
  }

  // MARK: - Self-contained

  @Test func loadsNothingFromOutside() throws {
    // (The hostile report shows `src=` as escaped text; its markup is checked tag by tag above.)
    for report in [try Self.plainReport()] {
      let html = Self.render(report)
      #expect(try Self.matches(#"(?i)\bsrc\s*="#, in: html).isEmpty)
      #expect(try Self.matches(#"(?i)\bhref\s*=\s*"(?!#)"#, in: html).isEmpty)
      #expect(try Self.matches(#"(?i)@import|url\(|<link|<iframe|<object|<embed"#, in: html).isEmpty)
      #expect(try Self.matches(#"(?i)https?://"#, in: html).isEmpty)
      #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none';"#))
    }
  }

  // MARK: - Charts and table

  @Test func severityBarsMatchTheCounts() throws {
    let html = Self.render(try Self.plainReport())
    let chart = try #require(
      try Self.matches(#"(?s)<svg[^>]*aria-labelledby="chart-severity".*?</svg>"#, in: html).first)
    let bars = try Self.matches(#"<rect [^>]*width="(\d+)"[^>]*class="s-(\w+)" data-count="(\d+)"/>"#, in: chart[0])
    #expect(bars.map { $0[2] } == ["critical", "high", "medium", "low", "info"])
    #expect(bars.map { $0[3] } == ["3", "1", "0", "0", "0"])
    // The longest bar is the largest count; the others in proportion.
    #expect(bars.map { $0[1] } == ["200", "66", "0", "0", "0"])
    #expect(chart[0].contains("<title>critical: 3 findings</title>"))
    let ecosystems = try #require(
      try Self.matches(#"(?s)<svg[^>]*aria-labelledby="chart-ecosystem".*?</svg>"#, in: html).first)
    #expect(try Self.matches(#"data-count="(\d+)""#, in: ecosystems[0]).map { $0[1] } == ["2", "1", "1"])
  }

  @Test func trendHasOneColumnPerCaptureWithTitles() throws {
    let html = Self.render(try Self.plainReport())
    let chart = try #require(try Self.matches(#"(?s)<svg[^>]*aria-labelledby="chart-trend".*?</svg>"#, in: html).first)
    #expect(try Self.matches(#"data-total="(\d+)""#, in: chart[0]).map { $0[1] } == ["1", "3", "4"])
    #expect(
      chart[0].contains("<title>2026-11-21T02-00Z: 4 findings (3 critical, 1 high), 1 regression, this report</title>"))
    #expect(chart[0].contains(">1 regression</text>"))
    #expect(chart[0].contains("<tspan x=") && chart[0].contains(">2026-11-19</tspan>"))
  }

  @Test func tableHasOneRowPerFindingMostSevereFirst() throws {
    let report = try Self.plainReport()
    let html = Self.render(report)
    let rows = try Self.matches(#"<tr class="finding[^"]*" data-id="([0-9a-f]+)" data-severity="(\w+)""#, in: html)
    #expect(rows.count == report.analysis.findings.count)
    #expect(Set(rows.map { $0[1] }) == Set(report.analysis.findings.map(\.id)))
    #expect(rows.map { $0[2] } == ["critical", "critical", "critical", "high"])
    // Each row links to its details block.
    for row in rows {
      #expect(html.contains("href=\"#f-\(row[1])\""))
      #expect(html.contains("<details class=\"finding\" id=\"f-\(row[1])\">"))
    }
    #expect(html.contains("<span class=\"shown\" id=\"shown\" aria-live=\"polite\"></span>"))
    #expect(html.contains("<form class=\"filters\" id=\"filters\" role=\"search\" hidden>"))
    #expect(html.contains("<option value=\"cloudformation\">cloudformation</option>"))
    #expect(!html.contains("<option value=\"info\">"))
  }

  @Test func valuesSideBySideAndTheBackportDiff() throws {
    let report = try Self.plainReport()
    let html = Self.render(report)
    #expect(html.contains("<div><h3>In the IaC</h3><pre>3</pre></div>\n<div><h3>Live</h3><pre>5</pre></div>"))
    #expect(html.contains("<span class=\"del\">-  replicas: 3</span>\n<span class=\"add\">+  replicas: 5</span>"))
    #expect(html.contains("<span class=\"hunk\">@@ -6,3 +6,3 @@</span>"))
    #expect(html.contains("<span class=\"file\">--- a/iac/web.yaml</span>"))
    #expect(html.contains("driftback backport --finding \(report.analysis.findings[0].id) --apply"))
    // No diff for the review finding: the reason instead.
    #expect(html.contains("<h3>No back-port proposed</h3>\n<p class=\"reason\">set the value at iac/web.yaml:7:12</p>"))
    // A regression's live value is the one last seen.
    #expect(html.contains("<pre class=\"absent\">(absent)</pre>"))
  }

  @Test func structuredValuesMarkTheLinesThatDiffer() throws {
    let (left, right) = HTMLReportRenderer.differingLines(
      ["{", "  \"a\": 1,", "  \"b\": 2", "}"], ["{", "  \"b\": 2", "}"])
    #expect(left == [1])
    #expect(right.isEmpty)
    var analysis = Analysis()
    analysis.findings = [
      try Self.finding(.runtimePatch, Self.web, "spec.template", severity: .low, iac: ["a": 1, "b": 2], live: ["b": 2])
    ]
    let html = Self.render(DriftReport(toolVersion: "0", captureLabel: nil, capturedAt: nil, analysis: analysis))
    #expect(html.contains("<pre>{\n<span class=\"chg\">  &quot;a&quot;: 1,</span>\n  &quot;b&quot;: 2\n}</pre>"))
  }

  // MARK: - Whole page

  @Test func sameReportSameBytes() throws {
    let first = Self.render(try Self.plainReport())
    let second = Self.render(try Self.plainReport())
    #expect(first == second)
    #expect(Self.render(try Self.hostileReport()) == Self.render(try Self.hostileReport()))
    // No wall clock: a time appears only when the report carries one.
    #expect(!first.contains("generated"))
    var stamped = try Self.plainReport()
    stamped.generatedAt = "2026-11-21T03:00:00Z"
    #expect(Self.render(stamped).contains("generated <time>2026-11-21T03:00:00Z</time>"))
  }

  @Test func headerSummaryAndVerdict() throws {
    let html = Self.render(try Self.plainReport())
    #expect(html.contains("<title>driftback report · 2026-11-21T02-00Z</title>"))
    #expect(html.contains("capture <b>2026-11-21T02-00Z</b> taken <time>2026-11-21T02:00:00Z</time>"))
    #expect(html.contains("driftback 0.1.0"))
    #expect(
      html.contains("<div class=\"card bad\"><span class=\"n\">1</span><span class=\"l\">regressions</span></div>"))
    #expect(html.contains(">4 findings need action: 3 to back-port, 1 to review</p>"))
    #expect(html.hasSuffix("</html>\n"))
  }

  @Test func emptyReportSaysInSync() {
    var analysis = Analysis()
    analysis.summary.resources = 2
    analysis.summary.inSync = 2
    let html = Self.render(DriftReport(toolVersion: "0", captureLabel: "c1", capturedAt: nil, analysis: analysis))
    #expect(html.contains("<p class=\"verdict good\" role=\"status\">In sync</p>"))
    #expect(html.contains("No drift: the live resources match the IaC."))
    #expect(!html.contains("<tr class=\"finding"))
    #expect(html.contains("only this capture"))
  }

  @Test func suppressedFindingsAreMarkedAndNeverCountAsAction() throws {
    var report = try Self.plainReport()
    report.analysis.findings[3].suppressedBy = Suppression(
      reason: "accepted during the migration", owner: "platform", expires: "2026-12-31",
      location: SourceLocation(file: ".driftbackignore", line: 3, column: 1))
    let html = Self.render(report)
    #expect(html.contains("<tr class=\"finding suppressed\""))
    #expect(html.contains("data-suppressed=\"true\""))
    #expect(
      html.contains(
        "accepted during the migration <span class=\"meta\">(platform, until 2026-12-31; rule at <code>.driftbackignore:3</code>)</span>"
      ))
    #expect(html.contains("<h3>No back-port: suppressed by an ignore rule</h3>"))
    #expect(html.contains(">3 findings need action: 3 to back-port</p>"))
  }
}
