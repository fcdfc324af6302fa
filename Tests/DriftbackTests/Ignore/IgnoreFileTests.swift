import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Ignore: reading .driftbackignore.yaml")
struct IgnoreFileTests {
  static func load(_ text: String) throws -> [IgnoreRule] {
    try IgnoreFile.load(SourceFile(path: ".driftbackignore.yaml", text: text))
  }

  /// The error a malformed file gives.
  static func error(_ text: String) -> Diagnostic? {
    do {
      _ = try load(text)
      return nil
    } catch let diagnostic as Diagnostic {
      return diagnostic
    } catch {
      return Diagnostic(.error, "unexpected \(error)")
    }
  }

  @Test("formats.md's example reads, every field and line kept")
  func example() throws {
    let rules = try Self.load(
      """
      # accepted drift
      - {resource: "Deployment.apps/prod/web", path: spec.replicas, reason: "HPA owns replicas", owner: team-web, expires: 2026-12-31}
      - {resource: "*.apps/*/*", path: 'spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]', reason: "rollout restarts", expires: 2027-01-31}
      - {resource: 'module.net.aws_security_group.web["a"]', path: 'tags.LastScan', reason: "scanner tag, JIRA-123", owner: secops, expires: 2026-09-30}
      - resource: "prod-stack/WebSG"
        path: "SecurityGroupIngress[*].Description"
        reason: cosmetic
        owner: net
        expires: 2026-08-01
      - resource: "Pod/shop/debug"
        reason: "debug pod, removed by the platform team"
        expires: 2026-12-01

      """)
    #expect(rules.count == 5)
    #expect(rules[0].resource.pattern == "Deployment.apps/prod/web")
    #expect(rules[0].path?.pattern == "spec.replicas")
    #expect(rules[0].reason == "HPA owns replicas")
    #expect(rules[0].owner == "team-web")
    #expect(rules[0].expires == "2026-12-31")
    #expect(rules[0].location == SourceLocation(file: ".driftbackignore.yaml", line: 2, column: 3))
    #expect(rules[1].owner == nil)
    #expect(rules[3].location.line == 5)
    #expect(rules[3].path?.pattern == "SecurityGroupIngress[*].Description")
    #expect(rules[4].path == nil)
    #expect(rules[4].location.line == 10)
  }

  @Test("a mapping with 'rules' is accepted; an empty file has no rules")
  func rulesKey() throws {
    let rules = try Self.load(
      """
      rules:
        - resource: "aws_instance.app[*]"
          reason: "instance type managed by the capacity tool"
          expires: 2027-03-01
      """)
    #expect(rules.count == 1)
    #expect(rules[0].location.line == 2)
    #expect(try Self.load("").isEmpty)
    #expect(try Self.load("rules: []\n").isEmpty)
    #expect(try Self.load("# nothing yet\n").isEmpty)
  }

  @Test(
    "each malformed rule is an error naming its line",
    arguments: [
      ("- {resource: a/b, path: x, owner: me, expires: 2026-12-31}\n", 1, "missing 'reason'"),
      ("- {resource: a/b, reason: '', expires: 2026-12-31}\n", 1, "empty 'reason'"),
      ("- {resource: a/b, reason: '  ', expires: 2026-12-31}\n", 1, "empty 'reason'"),
      ("- {resource: a/b, reason: ok, expires: 2026-12-31}\n- {resource: a/b, reason: ok}\n", 2, "missing 'expires'"),
      ("- {resource: a/b, reason: ok, expires: 31.12.2026}\n", 1, "must be a date"),
      ("- {resource: a/b, reason: ok, expires: 2026-02-30}\n", 1, "must be a date"),
      ("- {resource: a/b, reason: ok, expires: 2026-12-31T00:00:00Z}\n", 1, "must be a date"),
      ("-\n  resource: a/b\n  reason: ok\n  expires: 2026-12-31\n  expiry: 2027-01-01\n", 5, "unknown key 'expiry'"),
      ("- resource: a/b\n- just text\n", 1, "missing 'reason'"),
      ("- {resource: a/b, reason: ok, expires: 2026-12-31}\n- just text\n", 2, "a rule is a mapping"),
      ("- {resource: '', reason: ok, expires: 2026-12-31}\n", 1, "empty resource glob"),
      ("- {path: spec, reason: ok, expires: 2026-12-31}\n", 1, "missing 'resource'"),
      ("- {resource: a/b, path: '', reason: ok, expires: 2026-12-31}\n", 1, "empty path glob"),
      ("- {resource: a/b, path: 'spec[', reason: ok, expires: 2026-12-31}\n", 1, "unterminated"),
      ("- {resource: a/b, reason: [x], expires: 2026-12-31}\n", 1, "single value"),
      ("resource: a/b\n", 1, "unknown key 'resource'"),
      ("just text\n", 1, "a list of rules"),
    ])
  func malformed(text: String, line: Int, message: String) throws {
    let diagnostic = try #require(Self.error(text))
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.location?.line == line)
    #expect(diagnostic.location?.file == ".driftbackignore.yaml")
    #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
  }

  @Test("dates are checked as calendar dates")
  func dates() {
    #expect(IgnoreFile.isDate("2028-02-29"))
    #expect(!IgnoreFile.isDate("2027-02-29"))
    #expect(!IgnoreFile.isDate("2027-13-01"))
    #expect(!IgnoreFile.isDate("2027-1-01"))
    #expect(!IgnoreFile.isDate("2027-01-00"))
  }
}
