import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite("JUnitReportRenderer")
struct JUnitReportRendererTests {
  typealias Fixture = ReportRendererFixture

  // MARK: - Escaping

  @Test func escapesTextAndAttributes() {
    #expect(XMLText.escaped("a <b> & ]]> \"q\" 'a'") == "a &lt;b&gt; &amp; ]]&gt; \"q\" 'a'")
    #expect(XMLText.attribute("a <b> & \"q\" 'a'\n\t") == "a &lt;b&gt; &amp; &quot;q&quot; &apos;a&apos;&#10;&#9;")
    #expect(XMLText.escaped("line\none\r") == "line\none&#13;")
    // Characters XML 1.0 cannot carry are written visibly, never raw.
    #expect(XMLText.escaped("\u{0}\u{1B}[31m\u{7F}\u{85}\u{FFFE}ok") == #"\u0000\u001B[31m\u007F\u0085\uFFFEok"#)
    #expect(XMLText.escaped("é 日本 🙂") == "é 日本 🙂")
    // Bidirectional controls would reorder what a CI page shows (Trojan Source).
    #expect(XMLText.attribute("a\u{202E}gnp.exe\u{2066}") == #"a\u202Egnp.exe\u2066"#)
  }

  @Test func hostileValuesStayWellFormed() throws {
    let hostileAddress = ResourceAddress(ecosystem: .kubernetes, text: "ConfigMap/shop/<x>&\"y\"")
    let findings = [
      try Fixture.finding(
        .runtimePatch, hostileAddress, "data.note", iac: "x", live: .string(Fixture.hostile), action: .review,
        reason: Fixture.hostile),
      try Fixture.finding(
        .runtimePatch, Fixture.api, "spec.paused", suppressedBy: Fixture.suppression(Fixture.hostile)),
    ]
    let text = JUnitReportRenderer().render(
      Fixture.report(findings, resources: [Fixture.resource(Fixture.api, file: "iac/<api>.yaml")]))
    #expect(!text.contains("<script>"))
    #expect(!text.contains("]]>"))
    #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;"))
    #expect(text.contains(#"name="ConfigMap/shop/&lt;x&gt;&amp;&quot;y&quot;""#))
    #expect(text.contains(#"file="iac/&lt;api&gt;.yaml""#))
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    if XMLCheck.isAvailable {
      #expect(try XMLCheck.problems(text) == nil)
    }
  }

  // MARK: - Suites and cases

  @Test func oneSuitePerEcosystemOneCasePerResource() throws {
    let findings = [
      try Fixture.finding(.runtimePatch, Fixture.web, "spec.replicas", severity: .low),
      try Fixture.finding(
        .runtimePatch, Fixture.web, "spec.template.spec.hostNetwork", iac: false, live: true, severity: .critical,
        rule: ("K8S-HOST-NETWORK", .weakens), action: .revert, reason: "redeploy the source"),
      try Fixture.finding(.unmanaged, Fixture.debugPod, "", iac: nil, live: ["kind": "Pod"], file: nil),
      try Fixture.finding(
        .regression, Fixture.bucket, "versioning.enabled", iac: false, live: true, file: "tf/main.tf", line: 12),
    ]
    let resources = [
      Fixture.resource(Fixture.web, file: "iac/web.yaml", line: 3), Fixture.resource(Fixture.api, file: "iac/api.yaml"),
      Fixture.resource(Fixture.bucket, file: "tf/main.tf", line: 10),
    ]
    let text = JUnitReportRenderer().render(Fixture.report(findings, resources: resources))
    #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
    #expect(
      text.contains(
        #"<testsuites name="driftback" tests="4" failures="3" errors="0" skipped="0" time="0">"#))
    #expect(
      text.contains(
        #"<testsuite name="kubernetes" tests="3" failures="2" errors="0" skipped="0" time="0">"#))
    #expect(
      text.contains(
        #"<testsuite name="terraform" tests="1" failures="1" errors="0" skipped="0" time="0">"#))
    #expect(!text.contains(#"<testsuite name="cloudformation""#))
    // In sync: passes.
    #expect(
      text.contains(
        #"<testcase classname="kubernetes.shop" name="Deployment.apps/shop/api" file="iac/api.yaml" line="1" time="0"/>"#
      ))
    // Two findings: one failure naming both, the most severe first, detailing each.
    #expect(
      text.contains(
        #"<testcase classname="kubernetes.shop" name="Deployment.apps/shop/web" file="iac/web.yaml" line="3" time="0">"#
          + "\n"
          + #"      <failure message="2 findings: runtime-patch spec.template.spec.hostNetwork (K8S-HOST-NETWORK weakening); runtime-patch spec.replicas" type="runtime-patch">"#
          + "[critical] runtime-patch spec.template.spec.hostNetwork"))
    #expect(text.components(separatedBy: "<failure ").count - 1 == 3)
    #expect(
      text.contains(
        "  action: revert (redeploy the source)\n  rule:   K8S-HOST-NETWORK weakening: K8S-HOST-NETWORK matters\n"))
    #expect(
      text.contains(
        "  iac:    3\n  live:   5\n  at:     iac/web.yaml:7:5\n  action: backport\n  since:  2026-11-20T02-00Z (2 days)\n"
      ))
    // Unmanaged: a case without a file.
    #expect(
      text.contains(
        #"<testcase classname="kubernetes.shop" name="Pod/shop/debug" time="0">"# + "\n"
          + #"      <failure message="unmanaged: live only" type="unmanaged">"#))
    #expect(text.contains(#"<failure message="regression versioning.enabled" type="regression">"#))
    #expect(
      text.contains(
        #"<testcase classname="terraform.aws_s3_bucket" name="aws_s3_bucket.assets" file="tf/main.tf" line="10""#))
    if XMLCheck.isAvailable {
      #expect(try XMLCheck.problems(text) == nil)
    }
  }

  @Test func suppressedFindingsSkipTheirCase() throws {
    let findings = [
      try Fixture.finding(.runtimePatch, Fixture.api, "spec.paused", suppressedBy: Fixture.suppression()),
      try Fixture.finding(.runtimePatch, Fixture.web, "spec.replicas", suppressedBy: Fixture.suppression()),
      try Fixture.finding(.runtimePatch, Fixture.web, "spec.paused"),
    ]
    let resources = [Fixture.resource(Fixture.web), Fixture.resource(Fixture.api)]
    let text = JUnitReportRenderer().render(Fixture.report(findings, resources: resources))
    #expect(text.contains(#"<testsuite name="kubernetes" tests="2" failures="1" errors="0" skipped="1" time="0">"#))
    #expect(
      text.contains(
        #"<skipped message="suppressed: HPA owns replicas (team-shop, until 2026-12-31, .driftignore:3)">"#
          + "[medium] runtime-patch spec.paused"))
    // A case with an unsuppressed finding fails, and lists its suppressed findings after.
    #expect(text.contains(#"<failure message="runtime-patch spec.paused" type="runtime-patch">"#))
    #expect(text.contains("  suppressed: HPA owns replicas (team-shop, until 2026-12-31, .driftignore:3)\n</failure>"))
  }

  @Test func classNamesGroupResources() {
    #expect(JUnitReportRenderer.className(Fixture.web) == "kubernetes.shop")
    #expect(
      JUnitReportRenderer.className(
        .kubernetes(kind: "ClusterRole", group: "rbac.authorization.k8s.io", namespace: nil, name: "v"))
        == "kubernetes.cluster")
    #expect(
      JUnitReportRenderer.className(
        ResourceAddress(ecosystem: .terraform, text: "module.net.aws_subnet.private[\"a\"]"))
        == "terraform.module.net.aws_subnet")
    #expect(
      JUnitReportRenderer.className(ResourceAddress(ecosystem: .cloudformation, text: "shop-edge/AppRole"))
        == "cloudformation.shop-edge")
  }

  @Test func anEmptyReportIsAnEmptyDocument() {
    let text = JUnitReportRenderer().render(Fixture.report([], resources: []))
    #expect(
      text == """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="driftback" tests="0" failures="0" errors="0" skipped="0" time="0">
        </testsuites>

        """)
  }
}

/// Checks that text is well-formed XML with Python's `xml.dom.minidom` (part of every Python 3).
enum XMLCheck {
  static let isAvailable: Bool = (try? problems("<a/>")) == .some(nil)

  /// The parser's complaint, or `nil` when the text is well-formed.
  static func problems(_ text: String) throws -> String? {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("driftback-\(UUID().uuidString).xml")
    try Data(text.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import xml.dom.minidom, sys; xml.dom.minidom.parse(sys.argv[1])", file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? nil : String(decoding: data, as: UTF8.self)
  }
}
