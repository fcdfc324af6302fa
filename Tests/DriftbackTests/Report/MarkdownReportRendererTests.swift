import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("MarkdownReportRenderer")
struct MarkdownReportRendererTests {
  typealias Fixture = ReportRendererFixture

  // MARK: - Escaping

  @Test func textEscapesEveryActiveCharacter() {
    #expect(
      MarkdownText.escaped("<script>|*x*_y_ [l](u) `c` ~s~ &amp; #1 $m$")
        == ##"\<script\>\|\*x\*\_y\_ \[l\](u) \`c\` \~s\~ \&amp; #<!-- -->1 \$m\$"##)
    #expect(MarkdownText.escaped("two\nlines\u{1B}[31m") == #"two lines\u001B\[31m"#)
  }

  @Test func issueReferencesAndHeadingsAreSplit() {
    // `#123` would link (and leave a reference on) an issue; `# x` at the start would be a heading.
    #expect(MarkdownText.escaped("fixes #123") == "fixes #<!-- -->123")
    #expect(MarkdownText.escaped("# title") == "#<!-- --> title")
  }

  @Test func mentionsAreSplitSoThatNobodyIsNotified() {
    // A hostile value must not @-mention people or teams in a pull-request comment.
    #expect(MarkdownText.escaped("ping @octocat and @org/team") == "ping @<!-- -->octocat and @<!-- -->org/team")
  }

  @Test func codeSpansSurviveBackticks() {
    #expect(MarkdownText.code("plain") == "`plain`")
    #expect(MarkdownText.code("a`b") == "``a`b``")
    #expect(MarkdownText.code("``two``") == "``` ``two`` ```")
    #expect(MarkdownText.code("`x") == "`` `x ``")
    #expect(MarkdownText.code(" padded ") == "`  padded  `")
    #expect(MarkdownText.code("") == "` `")
    #expect(MarkdownText.code("a|b", inTable: true) == #"`a\|b`"#)
    #expect(MarkdownText.code("bell\u{7}") == #"`bell\u0007`"#)
  }

  @Test func bidirectionalControlsAreVisible() {
    // Trojan Source: an override reorders what a reviewer reads in a pull-request comment.
    #expect(MarkdownText.escaped("a\u{202E}gnp.exe") == #"a\u202Egnp.exe"#)
    #expect(MarkdownText.code("x\u{2066}y\u{200F}") == #"`x\u2066y\u200F`"#)
    #expect(MarkdownText.codeBlock("v\u{202D}\n") == "```\nv\\u202D\n```\n")
  }

  @Test func codeBlocksAreFencedLongerThanAnyRunInside() {
    let block = MarkdownText.codeBlock("```\nrm -rf /\n````\n", language: "", indent: "  ")
    #expect(block == "  `````\n  ```\n  rm -rf /\n  ````\n  `````\n")
  }

  @Test func hostileValuesNeverStartMarkup() throws {
    let hostileAddress = ResourceAddress(ecosystem: .kubernetes, text: "ConfigMap/shop/<img src=x>")
    let findings = [
      try Fixture.finding(
        .runtimePatch, hostileAddress, #"data["a|b"]"#, iac: "x", live: .string("run `id` | tee <b>"),
        action: .review, reason: Fixture.hostile),
      try Fixture.finding(
        .runtimePatch, Fixture.web, "spec.replicas", suppressedBy: Fixture.suppression(Fixture.hostile)),
    ]
    let text = MarkdownReportRenderer().render(Fixture.report(findings))
    #expect(!text.contains("<script>"))
    // Input text in code spans only: GitHub shows it literally.
    #expect(text.contains("· `ConfigMap/shop/<img src=x>` · `data[\"a|b\"]`\n"))
    #expect(text.components(separatedBy: "<img").count == 2)
    #expect(text.contains("``run `id` | tee <b>``"))
    #expect(text.contains(#"\<script\>alert(1)\</script\> \]\]\> \& "q" 'a' \*x\* \[l\](u)"#))
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(text.contains(#"\u001B\[31m\u0000\u0007"#))
  }

  // MARK: - Structure

  @Test func findingsAreGroupedBySeverityMostSevereFirst() throws {
    let findings = [
      try Fixture.finding(.runtimePatch, Fixture.web, "spec.replicas", severity: .low),
      try Fixture.finding(
        .runtimePatch, Fixture.web, "spec.template.spec.hostNetwork", iac: false, live: true, severity: .critical,
        rule: ("K8S-HOST-NETWORK", .weakens), action: .revert, reason: "redeploy the source"),
      try Fixture.finding(.runtimePatch, Fixture.api, "spec.paused", iac: false, live: true, severity: .medium),
    ]
    let text = MarkdownReportRenderer().render(
      Fixture.report(findings, resources: [Fixture.resource(Fixture.web), Fixture.resource(Fixture.api)]))
    let critical = try #require(text.range(of: "### Critical (1)"))
    let medium = try #require(text.range(of: "### Medium (1)"))
    let low = try #require(text.range(of: "### Low (1)"))
    #expect(critical.upperBound < medium.lowerBound && medium.upperBound < low.lowerBound)
    #expect(!text.contains("### High"))
    let hostNetwork = try #require(text.range(of: "`spec.template.spec.hostNetwork`"))
    #expect(hostNetwork.lowerBound > critical.upperBound && hostNetwork.upperBound < medium.lowerBound)
    #expect(text.contains("  - Action: **revert**: redeploy the source\n"))
    #expect(text.contains("  - Security: `K8S-HOST-NETWORK` weakening: K8S-HOST-NETWORK matters\n"))
    #expect(text.contains("  - IaC `false` → live `true`\n"))
    #expect(text.contains("`iac/web.yaml:7` · since `2026-11-20T02-00Z` (2 days)"))
  }

  @Test func summaryTableCountsByEcosystemAndKind() throws {
    let findings = [
      try Fixture.finding(.runtimePatch, Fixture.web, "spec.replicas"),
      try Fixture.finding(.unmanaged, Fixture.debugPod, "", iac: nil, live: ["kind": "Pod"], file: nil),
      try Fixture.finding(.regression, Fixture.bucket, "versioning.enabled", iac: false, live: true, file: "main.tf"),
      try Fixture.finding(.runtimePatch, Fixture.api, "spec.paused", suppressedBy: Fixture.suppression()),
    ]
    let resources = [Fixture.resource(Fixture.web), Fixture.resource(Fixture.api), Fixture.resource(Fixture.bucket)]
    let text = MarkdownReportRenderer().render(Fixture.report(findings, resources: resources))
    #expect(text.contains("| Kubernetes | 3 | 2 | 1 | 0 | 1 | 0 | 0 | 1 |\n"))
    #expect(text.contains("| Terraform | 1 | 1 | 0 | 1 | 0 | 0 | 0 | 0 |\n"))
    #expect(text.contains("| **Total** | 4 | 3 | 1 | 1 | 1 | 0 | 0 | 1 |\n"))
  }

  @Test func regressionsSuppressedAndResolvedAreMarked() throws {
    var regression = try Fixture.finding(
      .regression, Fixture.bucket, "versioning.enabled", iac: false, live: true, file: "main.tf")
    regression.lastSeen = "2026-11-22T09-00Z"
    let suppressed = try Fixture.finding(
      .runtimePatch, Fixture.web, "spec.replicas", suppressedBy: Fixture.suppression())
    let fresh = try Fixture.finding(.runtimePatch, Fixture.web, "spec.paused", firstSeen: Fixture.label)
    var resolved = try Fixture.finding(
      .runtimePatch, Fixture.web, "spec.template.spec.hostPID", rule: ("K8S-HOST-PID", .weakens))
    resolved.lastSeen = "2026-11-21T02-00Z"
    let text = MarkdownReportRenderer().render(
      Fixture.report([regression, suppressed, fresh], resolved: [resolved]))
    #expect(text.contains("- **Regression** (a runtime patch the last deploy lost; last seen `2026-11-22T09-00Z`)"))
    #expect(text.contains("  - IaC `false` → live when last seen `true`\n"))
    #expect(text.contains("`iac/web.yaml:7` · **new** ·"))
    // The suppressed finding is listed once, folded, after the others, with its rule.
    let folded = try #require(text.range(of: "<details><summary>1 suppressed finding"))
    let listed = try #require(text.range(of: "`spec.replicas`"))
    #expect(listed.lowerBound > folded.upperBound)
    #expect(text.components(separatedBy: "`spec.replicas`").count == 2)
    #expect(text.contains("  - HPA owns replicas (owner `team-shop`, until `2026-12-31`, `.driftignore:3`)\n"))
    #expect(text.contains("**Resolved**"))
    #expect(text.contains("`spec.template.spec.hostPID` (`K8S-HOST-PID` weakened it; last seen `2026-11-21T02-00Z`)"))
  }

  @Test func longAndMultiLineValuesFoldIntoDetails() throws {
    let long = Value.string(String(repeating: "x", count: 81))
    let script = Value.string("#!/bin/sh\necho ```\n")
    let findings = [
      try Fixture.finding(.runtimePatch, Fixture.web, "metadata.annotations.note", iac: "short", live: long),
      try Fixture.finding(.runtimePatch, Fixture.web, "metadata.annotations.script", iac: nil, live: script),
      try Fixture.finding(
        .runtimePatch, Fixture.web, "metadata.annotations.exact", iac: .string(String(repeating: "y", count: 80))),
    ]
    let text = MarkdownReportRenderer().render(Fixture.report(findings))
    #expect(text.contains("  - IaC `short` → live *(below)*\n"))
    #expect(
      text.contains(
        "  <details><summary>live value (81 characters)</summary>\n\n  ```\n  " + String(repeating: "x", count: 81)))
    #expect(text.contains("  ````\n  #!/bin/sh\n  echo ```\n  ````\n\n  </details>\n"))
    #expect(text.contains("  - IaC `" + String(repeating: "y", count: 80) + "` → live `5`\n"))
  }

  // MARK: - Size limit

  @Test func stopsListingAtTheCharacterLimitAndSaysHowManyAreLeftOut() throws {
    let findings = try (0..<60).map { index in
      try Fixture.finding(.runtimePatch, Fixture.web, "metadata.labels.l\(index)", iac: "a", live: "b")
    }
    let report = Fixture.report(findings)
    let full = MarkdownReportRenderer().render(report)
    #expect(!full.contains("not shown"))
    #expect(full.components(separatedBy: "- **Runtime patch**").count - 1 == 60)

    let limited = MarkdownReportRenderer(characterLimit: 4_000).render(report)
    #expect(limited.unicodeScalars.count <= 4_000)
    let shown = limited.components(separatedBy: "- **Runtime patch**").count - 1
    #expect(shown > 0 && shown < 60)
    #expect(
      limited.contains(
        "**\(60 - shown) of 60 findings not shown**: this comment would pass 4,000 characters. "
          + "The JSON and HTML reports list them all.\n"))
    #expect(limited.hasSuffix("<sub>driftback 0.1.0</sub>\n"))
    #expect(MarkdownReportRenderer.grouped(65_536) == "65,536")
  }

  @Test func outputIsDeterministic() throws {
    let findings = [
      try Fixture.finding(.runtimePatch, Fixture.web, "spec.replicas"),
      try Fixture.finding(.unmanaged, Fixture.debugPod, "", iac: nil, live: ["kind": "Pod"], file: nil),
    ]
    let report = Fixture.report(findings)
    #expect(MarkdownReportRenderer().render(report) == MarkdownReportRenderer().render(report))
  }
}
