import DriftbackSyntax
import Testing

@testable import Driftback

/// Helpers of the Analysis suites: the differ on inline YAML, and the analyzer over in-memory files.
enum AnalysisFixture {
  /// The raw differ (no normalizers) with the Kubernetes list policy of `kind`.
  static func changes(iac: String, live: String, kind: String = "Deployment") throws -> [Change] {
    Differ(listPolicy: KubernetesListPolicy(kind: kind)).diff(
      iac: try ModelFixture.yaml(iac), live: try ModelFixture.yaml(live))
  }

  /// The changes as `"<path> <kind>"` lines in the differ's order.
  static func lines(iac: String, live: String, kind: String = "Deployment") throws -> [String] {
    try changes(iac: iac, live: live, kind: kind).map { "\($0.path) \($0.kind.rawValue)" }
  }

  /// The redaction key used by every analyzer test.
  static let redactor = Redactor(key: Array("driftback-unit-test-key".utf8))

  /// Runs the analyzer on files served from memory.
  static func analyze(
    iac: [String: String], live: [String: String], defaultNamespace: String = "default",
    captureLabel: String? = "2026-11-21"
  ) -> Analysis {
    let files = iac.merging(live) { first, _ in first }
    let request = KubernetesAnalyzer.Request(
      iacFiles: iac.keys.sorted(), liveFiles: live.keys.sorted(), defaultNamespace: defaultNamespace,
      captureLabel: captureLabel)
    return KubernetesAnalyzer(redactor: redactor).analyze(request) { path in
      guard let text = files[path] else { throw MissingFile(path: path) }
      return SourceFile(path: path, text: text)
    }
  }

  struct MissingFile: Error {
    var path: String
  }

  /// Findings as `"<kind> <resource> <path>"` lines in report order.
  static func summary(_ analysis: Analysis) -> [String] {
    analysis.findings.map { "\($0.kind.rawValue) \($0.resource) \($0.path)" }
  }
}
