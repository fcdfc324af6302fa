import DriftbackSyntax
import Testing

@testable import Driftback

/// Hand-built reports for the renderer suites (Markdown, SARIF, JUnit): findings made directly, IaC resources
/// read from a small inline file so that they have a file and a line.
enum ReportRendererFixture {
  static let web = ResourceAddress.kubernetes(kind: "Deployment", group: "apps", namespace: "shop", name: "web")
  static let api = ResourceAddress.kubernetes(kind: "Deployment", group: "apps", namespace: "shop", name: "api")
  static let debugPod = ResourceAddress.kubernetes(kind: "Pod", group: "", namespace: "shop", name: "debug")
  static let bucket = ResourceAddress(ecosystem: .terraform, text: "aws_s3_bucket.assets")
  static let label = "2026-11-22T09-30Z"

  /// Values no renderer may let through unescaped.
  static let hostile = "a|b `tick` ``two`` <script>alert(1)</script> ]]> & \"q\" 'a' *x* [l](u) \u{1B}[31m\u{0}\u{7}"

  /// A finding.
  static func finding(
    _ kind: Finding.Kind = .runtimePatch, _ resource: ResourceAddress = web, _ path: String = "spec.replicas",
    iac: Value? = 3, live: Value? = 5, severity: Finding.Severity = .medium,
    rule: (String, SecurityAssessment.Direction)? = nil, action: Finding.Action = .backport,
    file: String? = "iac/web.yaml", line: Int = 7, firstSeen: String? = "2026-11-20T02-00Z",
    suppressedBy: Suppression? = nil, reason: String = "set the value at iac/web.yaml:7:12"
  ) throws -> Finding {
    let valuePath = try ValuePath(parsing: path)
    var finding = Finding(
      id: Finding.makeID(kind: kind, resource: resource, path: valuePath), kind: kind, resource: resource,
      path: valuePath, change: iac == nil ? .added : live == nil ? .removed : .changed, iac: iac, live: live,
      source: file.map {
        Provenance(
          file: $0, location: SourceLocation(file: $0, line: line, column: 5), path: valuePath, isExact: true)
      },
      severity: severity,
      security: rule.map {
        SecurityAssessment(rule: $0.0, direction: $0.1, severity: severity, summary: "\($0.0) matters")
      },
      action: action, backport: .init(possible: action == .backport, reason: reason), firstSeen: firstSeen,
      involvesSecret: false)
    finding.suppressedBy = suppressedBy
    return finding
  }

  /// A suppression from `.driftignore`.
  static func suppression(_ reason: String = "HPA owns replicas") -> Suppression {
    Suppression(
      reason: reason, owner: "team-shop", expires: "2026-12-31",
      location: SourceLocation(file: ".driftignore", line: 3, column: 1))
  }

  /// An IaC resource declared at `line` of `file`.
  static func resource(_ address: ResourceAddress, file: String = "iac/web.yaml", line: Int = 1) -> Resource {
    let text = String(repeating: "\n", count: line - 1) + "kind: Thing\n"
    let source = SourceFile(path: file, bytes: Array(text.utf8))
    return Resource(
      address: address, value: ["kind": "Thing"], source: source, span: ByteSpan(start: line - 1, end: text.utf8.count))
  }

  /// A report of these findings, with these IaC resources (default: the web Deployment).
  static func report(
    _ findings: [Finding], resources: [Resource]? = nil, resolved: [Finding] = []
  ) -> DriftReport {
    var analysis = Analysis()
    for resource in resources ?? [resource(web)] { analysis.iacResources[resource.address] = resource }
    analysis.findings = findings
    analysis.resolved = resolved
    analysis.summary.suppressed = findings.filter { $0.suppressedBy != nil }.count
    analysis.summary.regressions = findings.filter { $0.kind == .regression }.count
    analysis.summary.unmanaged = Set(findings.filter { $0.kind == .unmanaged }.map(\.resource)).count
    analysis.summary.drifted = Set(findings.filter { $0.kind == .runtimePatch }.map(\.resource)).count
    analysis.summary.inSync = analysis.iacResources.count - analysis.summary.drifted
    analysis.finish()
    return DriftReport(
      toolVersion: "0.1.0", captureLabel: label, capturedAt: "2026-11-22T09:30:00Z", analysis: analysis,
      captureTimes: ["2026-11-20T02-00Z": "2026-11-20T02:00:00Z"])
  }
}
