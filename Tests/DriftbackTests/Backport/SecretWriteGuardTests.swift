import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Back-ports never write a credential")
struct SecretWriteGuardTests {
  @Test func anEditThatWouldAddACredentialIsDroppedWhateverTheFindingSays() throws {
    let iac = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  MODE: safe\n"
    let live =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\ndata:\n  MODE: safe\n"
      + "  NOTES: \"-----BEGIN RSA PRIVATE KEY-----\"\n"
    var analysis = ReviewFixesTests.analyze(iac: ["iac/cm.yaml": iac], live: ["live/cm.yaml": live])
    // Even if a classifier had let it through as plain configuration:
    for index in analysis.findings.indices {
      analysis.findings[index].involvesSecret = false
      analysis.findings[index].action = .backport
      analysis.findings[index].backport = .init(possible: true, reason: "edit iac/cm.yaml")
    }
    let finding = try #require(analysis.findings.first { "\($0.path)" == "data.NOTES" })
    let plan = BackportPlanner().plan(
      analysis, selection: .ids([finding.id]), defaultNamespace: "default", newManifestPath: { _ in nil },
      exists: { _ in false })
    #expect(plan.files.isEmpty)
    #expect(plan.applied.isEmpty)
    #expect(plan.diagnostics.contains { $0.message.contains("would write a value that looks like a secret") })
  }
}
