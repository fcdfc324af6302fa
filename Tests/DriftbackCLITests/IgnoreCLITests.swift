import Foundation
import Testing

@Suite("CLI: ignore rules")
struct IgnoreCLITests {
  /// A copy of the samples with an ignore file at the root of iac-samples.
  static func samples(ignoring rules: String) throws -> URL {
    let directory = try CLIRunner.copyOfSamples()
    try Data(rules.utf8).write(to: directory.appendingPathComponent("iac-samples/.driftbackignore.yaml"))
    return directory
  }

  static let everything = """
    rules:
      - resource: "**"
        reason: "accepted while the platform migrates"
        owner: platform
        expires: 2026-12-31

    """

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test("every finding suppressed: exit 0, the findings still in the JSON with suppressedBy, counted")
  func everythingSuppressed() throws {
    let directory = try Self.samples(ignoring: Self.everything)
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try CLIRunner.run(["report", "--format", "json", "--now", "2026-11-24"], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    let object = try Self.json(result.stdout)
    let findings = try #require(object["findings"] as? [[String: Any]])
    let summary = try #require(object["summary"] as? [String: Any])
    #expect(!findings.isEmpty)
    #expect(summary["suppressed"] as? Int == findings.count)
    #expect(summary["findings"] as? Int == findings.count)
    for finding in findings {
      let by = try #require(finding["suppressedBy"] as? [String: Any])
      #expect(by["reason"] as? String == "accepted while the platform migrates")
      #expect(by["owner"] as? String == "platform")
      #expect(by["expires"] as? String == "2026-12-31")
      #expect(by["file"] as? String == "iac-samples/.driftbackignore.yaml")
      #expect(by["line"] as? Int == 2)
    }
    let text = try CLIRunner.run(["report", "--now", "2026-11-24T08:00:00Z"], in: directory)
    #expect(text.status == 0)
    #expect(text.stdout.contains("suppressed: accepted while the platform migrates (platform, until 2026-12-31)"))
    #expect(text.stdout.contains("· \(findings.count) suppressed"))
  }

  @Test("an expired rule: exit 1 and a warning at its line; --ignore names another file")
  func expired() throws {
    let directory = try Self.samples(ignoring: Self.everything)
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try CLIRunner.run(["report", "--format", "json", "--now", "2027-01-01"], in: directory)
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "iac-samples/.driftbackignore.yaml:2:5: warning: ignore rule expired on 2026-12-31: accepted while the platform migrates"
      ))
    #expect(!result.stdout.contains("suppressedBy"))
    try Data("- {resource: 'Service/none', reason: x, expires: 2027-01-01}\n".utf8).write(
      to: directory.appendingPathComponent("other.yaml"))
    let other = try CLIRunner.run(["report", "--ignore", "other.yaml", "--now", "2026-11-24"], in: directory)
    #expect(other.status == 1)
    #expect(other.stderr.contains("other.yaml:1:3: note: ignore rule matches no finding: Service/none"))
  }

  @Test("a malformed rule is an error naming its line (exit 2); a bad --now or --ignore is a usage error")
  func malformed() throws {
    let directory = try Self.samples(
      ignoring: "- {resource: '**', reason: ok, expires: 2026-12-31}\n- {resource: '**', expires: 2026-12-31}\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try CLIRunner.run(["report"], in: directory)
    #expect(result.status == 2)
    #expect(
      result.stderr.contains("iac-samples/.driftbackignore.yaml:2:3: error: malformed ignore rule: missing 'reason'"))
    #expect(try CLIRunner.run(["report", "--now", "24.11.2026"], in: directory).status == 2)
    #expect(try CLIRunner.run(["report", "--ignore", "missing.yaml"], in: directory).status == 2)
  }

  @Test("backport never takes a suppressed finding; naming one is refused with the rule")
  func backport() throws {
    let directory = try Self.samples(ignoring: Self.everything)
    defer { try? FileManager.default.removeItem(at: directory) }
    let all = try CLIRunner.run(["backport", "--now", "2026-11-24"], in: directory)
    #expect(all.status == 0)
    #expect(all.stdout.isEmpty)
    #expect(all.stderr.contains("nothing to back-port"))
    let named = try CLIRunner.run(["backport", "--now", "2026-11-24", "--finding", "910e704cff31"], in: directory)
    #expect(named.status == 1)
    #expect(named.stdout.isEmpty)
    #expect(
      named.stderr.contains(
        "not back-porting 910e704cff31 (Deployment.apps/shop/web spec.template.spec.containers[name=web].image): it is suppressed by the ignore rule at iac-samples/.driftbackignore.yaml:2"
      ))
  }
}
