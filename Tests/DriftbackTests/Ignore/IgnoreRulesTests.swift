import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Ignore: applying rules to an analysis")
struct IgnoreRulesTests {
  static let rulesText = """
    - {resource: "Deployment.apps/shop/*", path: spec.replicas, reason: "HPA owns replicas", owner: team-web, expires: 2026-12-31}
    - {resource: "Deployment.apps/shop/web", path: 'spec.template.spec.containers[*].image', reason: "image pinned by the release bot", expires: 2026-11-01}
    - {resource: "Service/**", reason: "nothing matches this", expires: 2027-01-01}

    """

  static func rules() throws -> [IgnoreRule] {
    try IgnoreFile.load(SourceFile(path: "iac/.driftbackignore.yaml", text: rulesText))
  }

  static func analysis() throws -> Analysis {
    var analysis = HistoryFixture.analysis([
      try HistoryFixture.patch("spec.replicas", iac: 3, live: 5, label: "c1"),
      try HistoryFixture.patch(
        "spec.template.spec.containers[name=web].image", iac: "web:1", live: "web:2", label: "c1"),
      try HistoryFixture.patch(
        "spec.template.spec.containers[name=web].securityContext.privileged", iac: false, live: true,
        weakens: "K8S-PRIVILEGED", label: "c1"),
    ])
    analysis.finish()
    return analysis
  }

  @Test("an unexpired rule suppresses what it matches; suppressed findings stay, counted, never active")
  func suppresses() throws {
    let result = IgnoreRules.apply(try Self.rules(), to: try Self.analysis(), today: "2026-11-24")
    #expect(result.findings.count == 3)
    let replicas = try #require(result.findings.first { $0.path.description == "spec.replicas" })
    let suppression = try #require(replicas.suppressedBy)
    #expect(suppression.reason == "HPA owns replicas")
    #expect(suppression.owner == "team-web")
    #expect(suppression.expires == "2026-12-31")
    #expect(suppression.location.line == 1)
    #expect(result.summary.suppressed == 1)
    #expect(result.activeFindings.count == 2)
    #expect(!result.activeFindings.contains { $0.path.description == "spec.replicas" })
  }

  @Test("an expired rule suppresses nothing and warns at its line; a rule that matches nothing is a note")
  func expiryAndUnused() throws {
    let result = IgnoreRules.apply(try Self.rules(), to: try Self.analysis(), today: "2026-11-24")
    let image = try #require(result.findings.first { $0.path.description.hasSuffix(".image") })
    #expect(image.suppressedBy == nil)
    let warnings = result.diagnostics.filter { $0.severity == .warning }
    #expect(warnings.count == 1)
    #expect(
      warnings.first?.message.hasPrefix("ignore rule expired on 2026-11-01: image pinned by the release bot") == true)
    #expect(warnings.first?.location?.line == 2)
    #expect(warnings.first?.location?.file == "iac/.driftbackignore.yaml")
    let notes = result.diagnostics.filter { $0.severity == .note }
    #expect(notes.count == 1)
    #expect(notes.first?.location?.line == 3)
    #expect(notes.first?.message.contains("matches no finding: Service/**") == true)
    #expect(!result.hasErrors)
  }

  @Test("a rule holds through its expires day and stops the day after (injected date)")
  func expiresDay() throws {
    let onTheDay = IgnoreRules.apply(try Self.rules(), to: try Self.analysis(), today: "2026-11-01")
    #expect(onTheDay.summary.suppressed == 2)
    #expect(!onTheDay.diagnostics.contains { $0.severity == .warning })
    let dayAfter = IgnoreRules.apply(try Self.rules(), to: try Self.analysis(), today: "2026-11-02")
    #expect(dayAfter.summary.suppressed == 1)
    let allExpired = IgnoreRules.apply(try Self.rules(), to: try Self.analysis(), today: "2027-06-01")
    #expect(allExpired.summary.suppressed == 0)
    #expect(allExpired.activeFindings.count == 3)
    #expect(allExpired.diagnostics.filter { $0.severity == .warning }.count == 3)
  }

  @Test("the JSON report gives suppressedBy on suppressed findings only; the text report shows the reason")
  func rendering() throws {
    let result = IgnoreRules.apply(try Self.rules(), to: try Self.analysis(), today: "2026-11-24")
    let report = DriftReport(toolVersion: "test", captureLabel: "c1", capturedAt: nil, analysis: result)
    let json = JSONReportRenderer.value(of: report)
    guard case .map(let root) = json.kind, case .list(let findings)? = root["findings"]?.kind,
      case .map(let summary)? = root["summary"]?.kind
    else {
      Issue.record("unexpected JSON shape")
      return
    }
    #expect(summary["suppressed"] == .int(1))
    var suppressed = 0
    for finding in findings {
      guard case .map(let map) = finding.kind else { continue }
      if let by = map["suppressedBy"] {
        suppressed += 1
        #expect(
          by.withoutSpans
            == [
              "reason": "HPA owns replicas", "owner": "team-web", "expires": "2026-12-31",
              "file": "iac/.driftbackignore.yaml", "line": 1,
            ])
      }
    }
    #expect(suppressed == 1)
    let text = TextReportRenderer(color: false).render(report)
    #expect(text.contains("suppressed: HPA owns replicas (team-web, until 2026-12-31)"))
    #expect(text.contains("· 1 suppressed"))
  }

  @Test("a suppressed finding is never back-ported: not by default, refused when named")
  func backportRefuses() throws {
    let result = IgnoreRules.apply(try Self.rules(), to: try Self.analysis(), today: "2026-11-24")
    let replicas = try #require(result.findings.first { $0.path.description == "spec.replicas" })
    let planner = BackportPlanner()
    let byDefault = planner.plan(
      result, selection: .defaultBackports, defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(!byDefault.applied.contains { $0.finding.id == replicas.id })
    #expect(!byDefault.diagnostics.contains { $0.message.contains(replicas.id) })
    let named = planner.plan(
      result, selection: .ids([replicas.id]), defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(named.applied.isEmpty)
    #expect(named.hasDropped)
    let refusal = try #require(named.diagnostics.first)
    #expect(refusal.message.contains("not back-porting \(replicas.id)"))
    #expect(
      refusal.message.contains("suppressed by the ignore rule at iac/.driftbackignore.yaml:1 (HPA owns replicas)"))
  }
}
