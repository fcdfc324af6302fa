import Foundation
import Testing

/// `driftback backport` on small fixtures with a secret written as a literal and rotated by hand: the literal
/// becomes a reference (a sensitive Terraform variable, a CloudFormation dynamic reference) and the planted
/// secret, old or new, never appears on standard output, standard error or in the edited files.
@Suite("Secret drift back-ported as references (CLI)")
struct SecretBackportCLITests {
  static let old = "Plant3d-Passw0rd-9xq"
  static let new = "Rotat3d-By-Hand-2026"

  static func workspace(_ files: [String: String]) throws -> URL {
    let root = try CLIRunner.temporaryDirectory()
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
  }

  static func expectNoSecret(
    _ result: CLIRunner.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for secret in [old, new] {
      #expect(!result.stdout.contains(secret), "\(what): stdout shows \(secret)", sourceLocation: sourceLocation)
      #expect(!result.stderr.contains(secret), "\(what): stderr shows \(secret)", sourceLocation: sourceLocation)
    }
  }

  static func read(_ root: URL, _ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  @Test func terraformLiteralBecomesASensitiveVariable() throws {
    let root = try Self.workspace([
      "iac/main.tf": """
      resource "aws_db_instance" "main" {
        identifier = "shop-db"
        password   = "\(Self.old)"
      }

      """,
      "iac/variables.tf": "variable \"region\" {\n  default = \"eu-west-1\"\n}\n",
      "live/terraform.tfstate": #"""
      {"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "x", "outputs": {},
       "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "main",
         "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
         "instances": [{"schema_version": 0, "attributes": {"identifier": "shop-db", "password": "\#(Self.new)"},
           "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]}]}
      """#,
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let inputs = ["--iac", "iac", "--live", "live/terraform.tfstate"]
    let report = try CLIRunner.run(["report", "--format", "json"] + inputs, in: root)
    #expect(report.status == 1)
    #expect(
      report.stdout.contains("replace the literal with var.aws_db_instance_main_password (sensitive, no default)"))
    Self.expectNoSecret(report, "report")

    let diff = try CLIRunner.run(["backport"] + inputs, in: root)
    #expect(diff.status == 0, "\(diff.stderr)")
    #expect(diff.stdout.contains("+  password   = var.aws_db_instance_main_password\n"))
    #expect(diff.stdout.contains("-  password   = \"<redacted:"))
    #expect(
      diff.stdout.contains(
        "+variable \"aws_db_instance_main_password\" {\n+  type      = string\n+  sensitive = true\n+}\n"))
    #expect(
      diff.stderr
        == "note: the diff of iac/main.tf moves a secret out of source and shows the old lines redacted, so "
        + "'git apply' cannot apply it; write it with --apply or --git-branch\n")
    Self.expectNoSecret(diff, "backport")

    let applied = try CLIRunner.run(["backport", "--apply"] + inputs, in: root)
    #expect(applied.status == 0, "\(applied.stderr)")
    Self.expectNoSecret(applied, "backport --apply")
    #expect(
      try Self.read(root, "iac/main.tf")
        == "resource \"aws_db_instance\" \"main\" {\n  identifier = \"shop-db\"\n  password   = var.aws_db_instance_main_password\n}\n"
    )
    #expect(
      try Self.read(root, "iac/variables.tf")
        == "variable \"region\" {\n  default = \"eu-west-1\"\n}\n\nvariable \"aws_db_instance_main_password\" {\n  type      = string\n"
        + "  sensitive = true\n}\n")
    // Afterwards the password is unknown until terraform gets it from outside source: nothing to compare.
    let after = try CLIRunner.run(["report"] + inputs, in: root)
    #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
    Self.expectNoSecret(after, "report after")
  }

  @Test func cloudFormationLiteralBecomesADynamicReferenceAndNoEchoIsRefused() throws {
    let stack = "arn:aws:cloudformation:us-east-1:123456789012:stack/edge/6a1f1c2e-1111-4222-8333-944455556666"
    func drift(_ logical: String, _ key: String, _ value: String) -> String {
      """
      {"StackId": "\(stack)", "LogicalResourceId": "\(logical)", "PhysicalResourceId": "\(logical.lowercased())",
       "ResourceType": "AWS::RDS::DBInstance",
       "ExpectedProperties": "{\\"DBInstanceIdentifier\\":\\"\(logical)\\",\\"\(key)\\":\\"\(Self.old)\\"}",
       "ActualProperties": "{\\"DBInstanceIdentifier\\":\\"\(logical)\\",\\"\(key)\\":\\"\(value)\\"}",
       "PropertyDifferences": [], "StackResourceDriftStatus": "MODIFIED", "Timestamp": "2026-11-21T01:58:00.000Z"}
      """
    }
    let root = try Self.workspace([
      "iac/edge.yaml": """
      Parameters:
        ReplicaPassword:
          Type: String
          NoEcho: true
          Default: \(Self.old)
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            DBInstanceIdentifier: Db
            MasterUserPassword: \(Self.old)
        Replica:
          Type: AWS::RDS::DBInstance
          Properties:
            DBInstanceIdentifier: Replica
            MasterUserPassword: !Ref ReplicaPassword

      """,
      "cap/drifts.json": #"{"StackResourceDrifts": ["# + drift("Db", "MasterUserPassword", Self.new) + ",\n"
        + drift("Replica", "MasterUserPassword", Self.new) + "]}",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let inputs = ["--iac", "iac", "--live", "cap"]
    let diff = try CLIRunner.run(["backport"] + inputs, in: root)
    // The literal is back-ported by default; the NoEcho parameter's value is reviewed, not selected.
    #expect(diff.status == 0, "\(diff.stderr)")
    #expect(
      diff.stdout.contains(
        "+      MasterUserPassword: \"{{resolve:secretsmanager:edge/Db/MasterUserPassword}}\"\n"))
    #expect(diff.stderr.contains("note: the diff of iac/edge.yaml moves a secret out of source"))
    Self.expectNoSecret(diff, "backport")

    let report = try CLIRunner.run(["report", "--format", "json"] + inputs, in: root)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
    let findings = try #require(object["findings"] as? [[String: Any]])
    let replica = try #require(
      findings.first { $0["resource"] as? String == "edge/Replica" && $0["kind"] as? String == "runtime-patch" })
    let replicaID = try #require(replica["id"] as? String)
    let refused = try CLIRunner.run(["backport", "--finding", replicaID] + inputs, in: root)
    #expect(refused.status == 1)
    #expect(refused.stdout.isEmpty)
    #expect(refused.stderr.contains("not back-porting \(replicaID)"))
    #expect(
      refused.stderr.contains("comes from the NoEcho parameter ReplicaPassword: pass the new value at deploy time"))
    Self.expectNoSecret(refused, "backport --finding (NoEcho)")

    let applied = try CLIRunner.run(["backport", "--apply"] + inputs, in: root)
    #expect(applied.status == 0, "\(applied.stderr)")
    let template = try Self.read(root, "iac/edge.yaml")
    #expect(template.contains("      MasterUserPassword: \"{{resolve:secretsmanager:edge/Db/MasterUserPassword}}\"\n"))
    // The NoEcho parameter's Default is a secret written in source too; nothing else changed.
    #expect(template.components(separatedBy: Self.old).count == 2)
    Self.expectNoSecret(applied, "backport --apply")
  }

  @Test(.enabled(if: gitCLI != nil, "the git CLI is not installed"))
  func aGitBranchCarriesTheReferenceAndNeverTheNewValue() throws {
    let root = try Self.workspace([
      "iac/main.tf":
        "resource \"aws_db_instance\" \"main\" {\n  identifier = \"shop-db\"\n  password   = \"\(Self.old)\"\n}\n",
      "live/terraform.tfstate": #"""
      {"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "x", "outputs": {},
       "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "main",
         "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
         "instances": [{"schema_version": 0, "attributes": {"identifier": "shop-db", "password": "\#(Self.new)"},
           "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]}]}
      """#,
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    try "".write(to: root.appendingPathComponent(".no-global-config"), atomically: true, encoding: .utf8)
    try GitBranchCLITests.run(["init", "-q", "-b", "main"], in: root)
    try GitBranchCLITests.run(["config", "user.name", "Ops Bot"], in: root)
    try GitBranchCLITests.run(["config", "user.email", "ops@example.invalid"], in: root)
    try GitBranchCLITests.run(["add", "iac"], in: root)
    try GitBranchCLITests.run(["commit", "-q", "-m", "db"], in: root)
    let result = try CLIRunner.run(
      ["backport", "--iac", "iac", "--live", "live/terraform.tfstate", "--git-branch", "driftback"], in: root,
      environment: GitBranchCLITests.environment)
    #expect(result.status == 0, "\(result.stderr)")
    Self.expectNoSecret(result, "backport --git-branch")
    let branches = try GitBranchCLITests.run(
      ["for-each-ref", "--format=%(refname:short)", "refs/heads/driftback/"], in: root)
    let branch = try #require(branches.split(separator: "\n").first.map(String.init))
    let tip = try GitBranchCLITests.run(["show", "\(branch):iac/main.tf"], in: root)
    #expect(tip.contains("password   = var.aws_db_instance_main_password"))
    #expect(!tip.contains(Self.old))
    // The new value is in no object of the repository; the old one only where it already was (the user's commit).
    let everything = try GitBranchCLITests.run(["log", "-p", "--all", "--format=%B"], in: root)
    #expect(!everything.contains(Self.new))
    let message = try GitBranchCLITests.run(["log", "-1", "--format=%B", branch], in: root)
    #expect(!message.contains(Self.old))
    #expect(!message.contains(Self.new))
  }
}
